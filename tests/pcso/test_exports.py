import csv
import io

from pcso.exports import csv_response, safe_cell


def test_safe_cell_quotes_text_a_spreadsheet_would_run():
    assert [safe_cell(v) for v in ["=SUM(A1)", "+44", "-1", "@cmd", "\tx", "Jane", "", 5, None]] == [
        "'=SUM(A1)",
        "'+44",
        "'-1",
        "'@cmd",
        "'\tx",
        "Jane",
        "",
        5,
        None,
    ]


def test_csv_response_names_the_download():
    response, writer = csv_response("cases.csv")
    writer.writerow(["a", safe_cell("=1+1")])
    assert response["Content-Disposition"] == 'attachment; filename="cases.csv"'
    assert list(csv.reader(io.StringIO(response.content.decode()))) == [["a", "'=1+1"]]
