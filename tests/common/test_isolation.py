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
