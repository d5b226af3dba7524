"""The weights of a small, genuine stanza tokenizer whose sentence ends are predictable.

Published Argos packages bundle a stanza tokenizer (``stanza/<lang>/tokenize/<package>.pt``)
trained on Universal Dependencies. Such a model cannot be downloaded here, so tests make one with
stanza's own ``Trainer`` and ``save`` and set its weights by hand, so that the pickle is what
stanza writes and its predictions are known: every character ends a token, and a sentence ends
after ``.``, ``!``, ``?`` or their CJK forms. The LSTMs are all zeros; a one-wide convolutional
residual layer (a standard stanza option, ``conv_res``) carries "this character ends sentences"
from the embedding to the sentence classifier.

Used by ``tests/support/argos_layouts.py`` (with the stanza in the venv) and by
``tests/fixtures/stanza_1_1/make_tokenizer.py`` (with stanza 1.1.1, for the committed fixture),
so this module imports only torch.
"""

from __future__ import annotations

from typing import Any

SENTENCE_END_CHARACTERS = ".!?。！？"
EMBEDDING, HIDDEN = 4, 4


def tokenizer_args(lang: str, shorthand: str, vocab_size: int) -> dict[str, Any]:
    """The training options stanza's ``tokenizer.py`` would record for this small model."""
    return {
        "lang": lang,
        "shorthand": shorthand,
        "mode": "predict",
        "skip_newline": lang.startswith(("zh", "ja", "ko")),
        "emb_dim": EMBEDDING,
        "hidden_dim": HIDDEN,
        "conv_filters": "1,9",
        "residual": True,
        "hierarchical": True,
        "hier_invtemp": 0.5,
        "input_dropout": False,
        "conv_res": "1",
        "rnn_layers": 1,
        "max_grad_norm": 1.0,
        "anneal": 0.999,
        "anneal_after": 2000,
        "lr0": 2e-3,
        "dropout": 0.33,
        "unit_dropout": 0.33,
        "tok_noise": 0.02,
        "weight_decay": 0.0,
        "max_seqlen": 100,
        "batch_size": 32,
        "epochs": 10,
        "steps": 20000,
        "report_steps": 20,
        "shuffle_steps": 100,
        "eval_steps": 200,
        "save_name": f"saved_models/tokenize/{shorthand}_tokenizer.pt",
        "load_name": None,
        "save_dir": "saved_models/tokenize",
        "cuda": False,
        "cpu": True,
        "seed": 1234,
        "feat_funcs": ["space_before", "capitalized", "all_caps", "numeric"],
        "feat_dim": 4,
        "vocab_size": vocab_size,
    }


def set_weights(model: Any, unit_ids: dict[str, int]) -> None:
    """Zero every weight, then wire sentence-ending characters to the sentence classifier."""
    import torch

    with torch.no_grad():
        for parameter in model.parameters():
            parameter.zero_()
        for character in SENTENCE_END_CHARACTERS:
            if character in unit_ids:
                model.embeddings.weight[unit_ids[character], 0] = 1.0
        conv = model.conv_res[0]
        conv.weight[0, 0, 0] = 1.0  # channel 0: "this character ends sentences"
        conv.bias[1] = 1.0  # channel 1: a constant
        model.tok_clf.weight[0, 1] = 10.0  # every character ends a token
        model.sent_clf.weight[0, 0] = 20.0
        model.sent_clf.weight[0, 1] = -10.0  # ... and only those characters end a sentence
        model.mwt_clf.weight[0, 1] = -10.0  # never a multi-word token
