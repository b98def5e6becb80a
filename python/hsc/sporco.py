"""SPORCO's ConvBPDN (sporco.admm.cbpdn.ConvBPDN), computed by hsc's ADMM: the same problem, the same
options under SPORCO's names, the same shapes in and out, for a single-channel image."""

import numpy as np

from ._arrays import like_sklearn
from ._banks import Bank
from ._coding import Code, Encoder

__all__ = ["ConvBPDN"]

# SPORCO option → hsc option. Options that only change what SPORCO prints or stores are accepted
# and have no effect here; any other is refused rather than ignored.
_OPTIONS = {"MaxMainIter": "max_iter", "RelStopTol": "tol", "RelaxParam": "relax", "rho": "rho",
            "L1Weight": "l1_weight"}
_NO_EFFECT = {"Verbose", "StatusHeader", "AuxVarObj", "HighMemSolve", "LinSolveCheck", "IterTimer", "Callback"}


class ConvBPDN:
    """minimise ½‖Σ_m d_m ∗ x_m − s‖² + λ Σ_m ‖w_m ⊙ x_m‖₁ by ADMM, as SPORCO's ConvBPDN.

    D: the dictionary, in the layout ``layout`` names: "sporco" for SPORCO's (N, N, M) or "hsc" for
    hsc's (M, N, N) — stated, because a square array cannot tell. S: the image (H, W). lmbda: λ
    (required: hsc has no default). opt: a dict of SPORCO options (MaxMainIter, RelStopTol,
    RelaxParam, rho, AutoRho={'Enabled': bool}, L1Weight, plus hsc's 'threads'). The computation
    runs in float32 if S is float32, else in float64; D is converted to it.
    """

    def __init__(self, D, S, lmbda=None, opt=None, dimK=None, dimN=2, *, layout):
        if dimN != 2 or dimK not in (None, 0):
            raise ValueError(f"hsc's ConvBPDN codes one 2-D image: dimN must be 2 and dimK None or 0, got {dimN}, {dimK}")
        if lmbda is None:
            raise ValueError("lmbda: give λ explicitly (SPORCO's default, 0.1·max|D̂*Ŝ|, is not computed by hsc)")
        self.S = like_sklearn(S, "S", 2)  # as SPORCO: any 2-D array of numbers (float32 kept)
        D = np.asarray(D)
        if D.ndim != 3:
            raise ValueError(f"D: expected 3 dimensions, got shape {D.shape}")
        if layout == "sporco":
            D = np.moveaxis(D, 2, 0)
        elif layout != "hsc":
            raise ValueError(f"layout must be 'sporco' ((N, N, M)) or 'hsc' ((M, N, N)), got {layout!r}")
        self.bank = Bank(np.ascontiguousarray(D, dtype=self.S.dtype))
        options = {"lmbda": float(lmbda)}
        for key, value in dict(opt or {}).items():
            if key in _OPTIONS:
                options[_OPTIONS[key]] = value
            elif key == "AutoRho":
                auto = dict(value)
                if set(auto) - {"Enabled"}:
                    raise ValueError(f"opt['AutoRho']: hsc takes only 'Enabled' (SPORCO's rules otherwise), got "
                                     f"{sorted(auto)}")
                options["auto_rho"] = bool(auto.get("Enabled", True))
            elif key == "threads":
                options["threads"] = value
            elif key not in _NO_EFFECT:
                raise ValueError(f"opt: SPORCO option {key!r} is not supported by hsc")
        if "l1_weight" in options:
            if np.size(options["l1_weight"]) == 1:  # one weight for all: a λ of λ·w
                options["lmbda"] *= float(np.asarray(options.pop("l1_weight")).ravel()[0])
            else:
                options["l1_weight"] = self._weights(options["l1_weight"])
        self._encoder = Encoder(self.bank, self.S.shape, "admm", "circular", **options)
        self.code = None

    def _weights(self, w):
        """L1Weight as hsc takes it: one per map, or one per coefficient in (m, h, w) order."""
        w = np.asarray(w, dtype=np.float64)
        m, (h, width) = len(self.bank), self.S.shape
        if w.size == m:  # SPORCO's (1, 1, 1, 1, M) or a plain (M,)
            return w.ravel().tolist()
        if w.shape in ((h, width, 1, 1, m), (h, width, m)):  # SPORCO's layout
            return np.moveaxis(w.reshape(h, width, m), 2, 0).ravel().tolist()
        if w.shape == (m, h, width):
            return w.ravel().tolist()
        raise ValueError(f"L1Weight: shape {w.shape}; expected a number, (M,), (H, W, 1, 1, M) or (M, H, W) "
                         f"with M = {m}, H, W = {h}, {width}")

    def solve(self):
        """Runs ADMM and returns Y, the sparse code, shaped (H, W, 1, 1, M) as SPORCO's."""
        self.code = self._encoder.encode(self.S)
        return self.getcoef()

    def getcoef(self):
        """Y of the last solve(), (H, W, 1, 1, M)."""
        if self.code is None:
            raise RuntimeError("ConvBPDN: call solve() first")
        return np.moveaxis(self.code.dense(), 0, 2)[:, :, None, None, :]

    getmin = getcoef

    def reconstruct(self, X=None):
        """Σ_m d_m ∗ x_m for X (H, W, 1, 1, M) or, by default, the last solve's Y; shape (H, W, 1, 1)."""
        if X is None:
            if self.code is None:
                raise RuntimeError("ConvBPDN: call solve() first or pass X")
            code = self.code
        else:
            maps = np.moveaxis(np.asarray(X, dtype=self.S.dtype).reshape(self.S.shape + (len(self.bank),)), 2, 0)
            atom, row, col = (a.astype(np.uint32) for a in np.nonzero(maps))
            code = Code(atom, row, col, np.ascontiguousarray(maps[atom, row, col]), maps.shape, "circular", self.bank)
        return code.reconstruct()[:, :, None, None]
