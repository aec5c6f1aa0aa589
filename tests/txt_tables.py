"""Tables in the txt form the readers take: a cell is a line starting with a tab,
a blank line ends a row."""


def table(rows) -> str:
    """Rows of cell texts in the txt convention (a blank line after each row)."""
    out = []
    for row in rows:
        out.extend("\t" + c for c in row)
        out.append("")
    return "\n".join(out) + "\n"
