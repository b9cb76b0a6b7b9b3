"""Library.catalogue.documents() (index/catalogue.py): the catalogue is built once per version of the state, and a change made
by this process or by another one (a ``policyqa ingest`` beside a running app) shows at once."""

from __future__ import annotations

from common.config import load_settings
from common.types import DocMeta
from index.catalogue import Catalogue
from index.service import Library
from index.state import IndexState


def _index_file(state: IndexState, n: int) -> None:
    doc_id = f"van-ban/{n}"
    meta = DocMeta(doc_id=doc_id, source_path=f"van-ban/{n}.txt", content_hash=f"h{n}", doc_type="Quyết định",
                   doc_number=f"{n}/2004/QĐ-UB", number_key=f"{n}-2004-qd-ub", title=f"Quyết định {n}/2004/QĐ-UB")
    ids = [f"{doc_id}#0:abc"]
    state.begin_file(f"/corpus/van-ban/{n}.txt", meta.source_path, doc_id, ids)
    state.finish_file(f"/corpus/van-ban/{n}.txt", meta.content_hash, ids, meta.to_dict())


class TestCatalogue:
    def test_built_once_while_nothing_changes(self, tmp_path, monkeypatch):
        library = Library(load_settings("test", home=tmp_path))
        _index_file(library.state, 1)
        builds = []
        original = Catalogue._build_documents
        monkeypatch.setattr(Catalogue, "_build_documents", lambda self: builds.append(1) or original(self))
        first = library.catalogue.documents()
        assert [d.doc_number for d in first] == ["1/2004/QĐ-UB"]
        assert library.catalogue.documents() == first and library.catalogue.documents() == first
        assert len(builds) == 1
        library.close()

    def test_a_file_indexed_by_this_library_shows_at_once(self, tmp_path):
        library = Library(load_settings("test", home=tmp_path))
        _index_file(library.state, 1)
        assert len(library.catalogue.documents()) == 1
        _index_file(library.state, 2)
        assert {d.doc_number for d in library.catalogue.documents()} == {"1/2004/QĐ-UB", "2/2004/QĐ-UB"}
        library.state.remove_file("/corpus/van-ban/1.txt")
        assert [d.doc_number for d in library.catalogue.documents()] == ["2/2004/QĐ-UB"]
        library.close()

    def test_a_file_indexed_by_another_process_shows_at_once(self, tmp_path):
        library = Library(load_settings("test", home=tmp_path))
        _index_file(library.state, 1)
        assert len(library.catalogue.documents()) == 1
        other = IndexState.open(tmp_path)  # another connection: what a CLI ingest beside the app uses
        _index_file(other, 2)
        other.update_known({"9-2003-nd-cp": {"doc_number": "9/2003/NĐ-CP", "doc_type": "Nghị định"}})
        other.close()
        numbers = {d.doc_number for d in library.catalogue.documents()}
        assert numbers == {"1/2004/QĐ-UB", "2/2004/QĐ-UB", "9/2003/NĐ-CP"}
        library.close()


def test_a_record_removed_between_looking_and_reading_is_none(tmp_path, monkeypatch):
    """A user asking while the admin's rebuild removes a document's text record read "No such file"
    (tests/ui/test_load.py under load, session 25): gone is gone, whenever it went."""
    from pathlib import Path

    from index.catalogue import read_record

    path = tmp_path / "texts" / "gone.json"
    assert read_record(path) is None
    path.parent.mkdir()
    path.write_text('{"text": "x"}', encoding="utf-8")
    assert read_record(path) == {"text": "x"}
    monkeypatch.setattr(Path, "is_file", lambda self: True)  # it was there when looked at …
    path.unlink()  # … and gone when read
    assert read_record(path) is None
