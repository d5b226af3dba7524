"""What every area of the interface uses: footer, titles, help, confirmation, colours and
line-based scrolling."""
