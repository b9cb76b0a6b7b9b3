"""Layering: the logic never imports the UI toolkit (STYLE.md)."""

import subprocess
import sys


class TestLayering:
    def test_importing_ingest_index_qa_never_loads_gradio(self):
        code = (
            "import sys\n"
            "import ingest.convert, ingest.service, ingest.pipeline\n"
            "import index.service, index.pipeline, index.store\n"
            "import qa.facade, qa.service, qa.pipeline, qa.answer, qa.evaluate\n"
            "print('gradio' in sys.modules)\n"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert out.stdout.strip() == "False"


import ast  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
# The stages, lowest first: a module may import its own stage and those below it, never one above.
STAGES = ["common", "ingest", "index", "qa", "ui"]


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) of every ``from X import …`` and ``import X`` of a source file."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            out += [(a.name, []) for a in node.names]
    return out


def _sources():
    for stage in STAGES:
        yield from ((stage, p) for p in sorted((REPO / stage).rglob("*.py")))


class TestImports:
    def test_no_stage_imports_a_later_one(self):
        wrong = []
        for stage, path in _sources():
            allowed = set(STAGES[: STAGES.index(stage) + 1])
            for module, _names in _imports(path):
                top = module.split(".")[0]
                if top in STAGES and top not in allowed:
                    wrong.append(f"{path.relative_to(REPO)} imports {module}")
        assert not wrong, wrong

    def test_no_module_imports_another_modules_private_names(self):
        wrong = [f"{path.relative_to(REPO)}: from {module} import {name}"
                 for _stage, path in _sources() for module, names in _imports(path)
                 if module.split(".")[0] in STAGES for name in names
                 if name.startswith("_") and not name.startswith("__")]
        assert not wrong, wrong
