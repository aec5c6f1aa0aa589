"""Request parameters that name a stored row: an id an integer column holds (a larger
number is a 422, not a database error)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path
from pydantic import Field

from .tables import ID_MAX

RowId = Annotated[int, Path(ge=1, le=ID_MAX)]          # in the path
QueryId = Annotated[int, Field(ge=1, le=ID_MAX)]       # in the query
