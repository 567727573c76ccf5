"""Checks a results workbook (`score ... -o results.xlsx`) with openpyxl: what calamine, in
tests/workbook.rs, cannot see. Run by hand; `cargo test` needs no Python:

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install openpyxl
    /tmp/venv/bin/python tests/workbook_openpyxl.py results.xlsx 2   # 2: the rubric's precision
"""

import sys

from openpyxl import load_workbook


def main(path, precision):
    score = "0" if precision == 0 else "0." + "0" * precision
    book = load_workbook(path)
    assert book.sheetnames == ["结果", "明细", "等次统计"], book.sheetnames

    ws = book["结果"]
    assert ws["A1"].value, "a title"
    assert "A1" in {str(r).split(":")[0] for r in ws.merged_cells.ranges}, "title merged"
    assert ws["A2"].value.startswith("考核结果"), ws["A2"].value
    assert ws["A3"].value == "单位"
    assert ws.freeze_panes == "B4", ws.freeze_panes
    header = [c.value for c in ws[3]]
    total = header.index("总分") + 1
    for row in ws.iter_rows(min_row=4, max_col=total):
        for cell in row[1:]:
            if isinstance(cell.value, (int, float)):
                assert cell.number_format == score, (cell.coordinate, cell.number_format)
        assert isinstance(row[total - 1].value, (int, float)), row[total - 1].value
    check_print(ws, "$1:$3")

    ws = book["明细"]
    assert ws["A2"].value == "单位"
    assert ws.freeze_panes == "B3", ws.freeze_panes
    header = [c.value for c in ws[2]]
    capped = header.index("封顶")
    for row in ws.iter_rows(min_row=3, values_only=True):
        assert row[capped] in ("是", "否"), row
    check_print(ws, "$1:$2")

    ws = book["等次统计"]
    shares = [c for row in ws.iter_rows() for c in row if c.number_format == "0.0%"]
    assert all(isinstance(c.value, (int, float)) for c in shares)
    assert shares or ws["A3"].value in ("本细则未规定等次", "没有评定等次的单位"), ws["A3"].value
    print(f"{path}: ok ({len(shares)} shares)")


def check_print(ws, rows):
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth in (1, None) and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == rows, ws.print_title_rows


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 2)
