"""ingest.service.collect_files: which files a folder holds, in ingestion order."""

from __future__ import annotations

import json

from ingest.service import collect_files


class TestCollectFiles:
    def test_mission_documents_first_then_by_path_also_through_a_symlink(self, tmp_path):
        corpus = tmp_path / "corpus"
        (corpus / "b").mkdir(parents=True)
        for name in ("a.txt", "b/c.txt", "b/nhiem-vu.txt", "z.txt"):
            (corpus / name).write_text("Văn bản.", encoding="utf-8")
        (corpus / "manifest.json").write_text(json.dumps({"documents": [{"path": "b/nhiem-vu.txt", "priority": 0}]}),
                                              encoding="utf-8")
        link = tmp_path / "link"
        link.symlink_to(corpus)
        for given in (corpus, link):
            items = list(collect_files([given]))
            assert [str(i.relative) for i in items] == ["b/nhiem-vu.txt", "a.txt", "b/c.txt", "z.txt"]
            assert items[0].manifest.priority(items[0].path) == 0
