"""The demo authority's Annex A workbook has rows in every one of Ofsted's eleven lists (issue 8:
"Annex A opens in a spreadsheet with all lists populated"). A 200-child demo is loaded through
`load_demo`, as `make demo` does, and the workbook is built as at the demo's today."""

from io import BytesIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from casebook.statutory_returns.annex_a import LISTS, annex_a_workbook


@pytest.mark.django_db
def test_demo_workbook_has_rows_in_every_list(tmp_path):
    call_command("load_demo", children=200, seed=1, logins_file=tmp_path / "logins.json", verbosity=0)
    book = load_workbook(BytesIO(annex_a_workbook(as_at=timezone.localdate())))
    assert len(book.sheetnames) == 11
    for (name, (_title, columns)), sheet in zip(LISTS.items(), book.worksheets, strict=True):
        assert [c.value for c in sheet[1]] == columns, f"{name} headings"
        assert sheet.max_row > 1, f"{name} has no rows"
        assert all(row[0].value for row in sheet.iter_rows(min_row=2)), f"{name} has a row without an ID"
