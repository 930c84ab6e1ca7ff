"""The alignment head: the one cross-attention head opus-mt models are trained to align with.

Marian's guided alignment trains head 0 of the last decoder layer (CTranslate2
returns the same head).  A forward hook keeps that layer's query input, and only
this head's weights are computed here, so the model runs with its own fast
attention implementation (``sdpa`` returns no weights).  Hand-written because
transformers gives one head's weights only by switching the whole model to eager
attention.  Used by the PyTorch backend (rows for a finished output) and by the
constrained decoder (the row of the token chosen at each step).
"""

from __future__ import annotations

from typing import Any


class AlignmentHead:
    """A hook on the alignment head's layer, and that head's weights on demand."""

    def __init__(self, model: Any, layer: int = -1, head: int = 0) -> None:
        attn = model.get_decoder().layers[layer].encoder_attn
        d = attn.head_dim
        self.attn = attn
        self.part = slice(head * d, (head + 1) * d)
        self.query: Any = None  # the layer's query input of the last forward pass
        self.handle = attn.register_forward_hook(self._capture, with_kwargs=True)

    def _capture(self, module: Any, args: Any, kwargs: Any, output: Any) -> None:
        self.query = kwargs["hidden_states"] if "hidden_states" in kwargs else args[0]

    def keys(self, hidden: Any) -> Any:
        """This head's keys for encoder states ``hidden`` (rows, source, head_dim)."""
        return self.attn.k_proj(hidden)[..., self.part]

    def weights(self, query: Any, keys: Any, mask: Any, fill: float) -> Any:
        """Attention over the source for ``query`` (rows × d_model, or rows × positions ×
        d_model); source positions where ``mask`` is 0 are scored ``fill``."""
        import torch

        proj = self.attn.q_proj
        bias = None if proj.bias is None else proj.bias[self.part]
        projected = torch.nn.functional.linear(query, proj.weight[self.part], bias)
        if projected.dim() == 2:  # one position per row: the token chosen now
            scores = torch.einsum("rd,rsd->rs", projected * self.attn.scaling, keys)
            scores = scores.float().masked_fill(mask == 0, fill)
        else:  # every position of each row
            scores = torch.einsum("rtd,rsd->rts", projected * self.attn.scaling, keys).float()
            scores = scores.masked_fill(mask[:, None, :] == 0, fill)
        return torch.softmax(scores, dim=-1)

    def close(self) -> None:
        self.handle.remove()
