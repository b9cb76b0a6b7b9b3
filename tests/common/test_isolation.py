"""Layering (STYLE.md, issue 16): the logic never imports the UI toolkit; a stage imports only
the stages before it (common → ingest → index → qa → ui) and common imports none; no module takes
another module's underscore names."""

import ast
import re
import subprocess
import sys
from pathlib import Path


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


REPO = Path(__file__).resolve().parents[2]
# The stages, lowest first: a module may import its own stage and those below it, never one above.
# common (settings, shared types, the Vietnamese language layer) stands below them all.
STAGES = ["common", "ingest", "index", "qa", "ui"]
# Outside the stages: they may import any stage, but not a module's private names either.
USERS = ["tests", "bench", "scripts"]
# Underscore names one module may still take from another: (importer, "module.name") → why.
# Keep it short; better, make the name public.
PRIVATE_EXCEPTIONS: dict[tuple[str, str], str] = {}


def _module_of(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _absolute(path: Path, node: ast.ImportFrom) -> str:
    """The module a ``from … import`` names, relative imports resolved against the file's package."""
    if node.level == 0:
        return node.module or ""
    package = _module_of(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) of every ``from X import …`` and ``import X`` of a source file, at any depth."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            out.append((_absolute(path, node), [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            out += [(a.name, []) for a in node.names]
    return out


def _is_project(module: str) -> bool:
    return module.split(".")[0] in STAGES


def _private_uses(path: Path) -> list[tuple[str, str]]:
    """(module, name) of every underscore name taken from a project module: imported by name
    (``from qa.service import _x``) or read off an imported module (``from ingest import
    docnumber`` … ``docnumber._x``; ``import qa.service as s`` … ``s._x``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    aliases: dict[str, str] = {}  # local name → project module it is bound to
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = _absolute(path, node)
            if not _is_project(module):
                continue
            for a in node.names:
                if a.name.startswith("_") and not a.name.startswith("__"):
                    out.append((module, a.name))
                aliases[a.asname or a.name] = f"{module}.{a.name}"
        elif isinstance(node, ast.Import):
            for a in node.names:
                if _is_project(a.name):  # "import qa.answer as a" binds a; "import qa.answer" binds qa
                    local = a.asname or a.name.split(".")[0]
                    aliases[local] = a.name if a.asname else local
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            chain, value = [], node.value
            while isinstance(value, ast.Attribute):
                chain.insert(0, value.attr)
                value = value.value
            if isinstance(value, ast.Name) and value.id in aliases:
                target = ".".join([aliases[value.id]] + chain)
                if _is_module(target):
                    out.append((target, node.attr))
    return out


def _is_module(dotted: str) -> bool:
    path = REPO.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _sources(packages=STAGES):
    for package in packages:
        yield from ((package, p) for p in sorted((REPO / package).rglob("*.py")))


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

    def test_common_imports_no_stage(self):
        """common/ (settings, shared types, the Vietnamese language layer) stands below every stage."""
        wrong = [f"{path.relative_to(REPO)} imports {module}"
                 for _stage, path in _sources(["common"]) for module, _names in _imports(path)
                 if module.split(".")[0] in STAGES[1:]]
        assert not wrong, wrong

    def test_the_language_layer_imports_only_itself_and_shared_types(self):
        """common/vietnamese is pure text work: no settings, no stage; only the shared types."""
        allowed_project = {"common.vietnamese", "common.types"}
        wrong = [f"{path.relative_to(REPO)} imports {module}"
                 for path in sorted((REPO / "common" / "vietnamese").rglob("*.py"))
                 for module, _names in _imports(path)
                 if _is_project(module) and not any(module == a or module.startswith(a + ".")
                                                    for a in allowed_project)]
        assert not wrong, wrong

    def test_no_module_imports_another_modules_private_names(self):
        wrong = []
        for _package, path in _sources(STAGES + USERS):
            importer = str(path.relative_to(REPO))
            for module, name in _private_uses(path):
                if module != _module_of(path) and (importer, f"{module}.{name}") not in PRIVATE_EXCEPTIONS:
                    wrong.append(f"{importer}: {module}.{name}")
        assert not wrong, wrong

    def test_the_checks_see_what_they_look_for(self, tmp_path):
        """The private-name check catches both spellings (a check that sees nothing passes too)."""
        probe = tmp_path / "probe.py"
        probe.write_text("from qa.service import _x\nfrom ingest import convert\nimport qa.answer as a\n"
                         "convert._y()\na._z\n", encoding="utf-8")
        found = sorted(_private_uses(probe))
        assert found == [("ingest.convert", "_y"), ("qa.answer", "_z"), ("qa.service", "_x")]


class TestReadmeMap:
    def test_every_module_the_readme_names_exists(self):
        """The README's "How it works" map and layout name real files (issue 16: the map matches the tree)."""
        text = (REPO / "README.md").read_text(encoding="utf-8")
        named = set(re.findall(r"(?<![\w/])((?:common|ingest|index|qa|ui)/[\w/]*\w(?:\.py|\.json))", text))
        missing = sorted(p for p in named if not (REPO / p).is_file())
        assert named and not missing, missing

    def test_every_module_has_a_room_in_its_package_docstring(self):
        """A newcomer finds each module of a stage from its package's docstring (``name`` or ``name*``)."""
        unlisted = []
        for package in STAGES:
            doc = ast.get_docstring(ast.parse((REPO / package / "__init__.py").read_text(encoding="utf-8"))) or ""
            for path in sorted((REPO / package).glob("*.py")):
                name = path.stem
                if name != "__init__" and f"``{name}``" not in doc and not any(
                        name.startswith(prefix) for prefix in re.findall(r"``(\w+)\*``", doc)):
                    unlisted.append(f"{package}/{path.name}")
        assert not unlisted, unlisted

    def test_every_package_docstring_names_only_its_modules(self):
        """Each stage's docstring lists its rooms by module name: a name there is a module there."""
        wrong = []
        for package in STAGES:
            doc = ast.get_docstring(ast.parse((REPO / package / "__init__.py").read_text(encoding="utf-8"))) or ""
            for name in re.findall(r"``(\w+)\*?``", doc):
                here = REPO / package
                if not ((here / f"{name}.py").is_file() or (here / name).is_dir() or any(here.glob(f"{name}*.py"))):
                    wrong.append(f"{package}: {name}")
        assert not wrong, wrong
