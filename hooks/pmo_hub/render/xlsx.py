"""A small, streaming writer of Excel workbooks (Office Open XML SpreadsheetML), for the downloads.

What the downloads need and no more: sheets of plain values (text, numbers, dates, true/false)
in rows, a styled header row kept in view, column widths and formats, an autofilter, and the
document's properties. Each sheet's XML is written row by row into the archive, so memory does
not grow with the number of cells, and it takes a fraction of a general-purpose library's time
(at 5,000 projects the portfolio workbook went from 9 s to about 1 s). The same bytes for the
same rows: the archive's entries carry a fixed time, never the clock.

Text is written as inline strings (never a formula, whatever it starts with) with the
characters XML 1.0 forbids written as Excel writes them, ``_x0001_``.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO
from xml.sax.saxutils import escape

from pmo_hub.render.outputs import LastOutputs, Rows

# What Excel's own files declare; a reader checks these names, not the text around them.
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CONTENT = "application/vnd.openxmlformats-officedocument"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Entries' time, as MS-DOS time and date: the earliest a zip archive can record (1980-01-01
# 00:00), so the bytes never depend on the clock; their mode: rw------- (zipfile's own).
_DOS_TIME = (0, (1 << 5) | 1)
_ENTRY_MODE = 0o600 << 16
_ZIP64_LIMIT = 1 << 31
_EXCEL_EPOCH = date(1899, 12, 30)  # serial day 0 of Excel's 1900 date system (after its 1900 leap-year bug)
# Characters XML 1.0 does not allow, which Excel writes as _xHHHH_.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# The pixels of one character of the default font (Calibri 11) and the cell padding, as Excel
# turns a width in characters into the width it stores.
_DIGIT_PIXELS = 7
_PADDING_PIXELS = 5

Cell = str | int | float | bool | date | None


@dataclass(frozen=True)
class Style:
    """How a cell looks; the default is Excel's own."""

    bold: bool = False
    bottom_border: bool = False
    wrap: bool = False
    top: bool = False  # aligned to the top of the cell
    number_format: str | None = None  # such as "#,##0.00" or "yyyy-mm-dd"


@dataclass(frozen=True)
class Column:
    width: float  # in characters of the default font
    style: Style = Style()  # of the column's empty cells, and of its cells without a style of their own
    number_style: Style | None = None  # of its numbers (a money format, say)
    date_style: Style | None = None  # of its dates


@dataclass(frozen=True)
class Sheet:
    name: str  # at most 31 characters, none of []:*?/\
    columns: Sequence[Column]
    rows: Iterable[Sequence[Cell]]  # the first is the header when header_style is given
    header_style: Style | None = None
    freeze_header: bool = False
    autofilter: bool = False
    # The rows as plain values (such as the table they come from), for ``workbook(last=...)``:
    # equal keys must mean equal rows. None: the sheet is written every time.
    key: Rows | None = None


@dataclass(frozen=True)
class Properties:
    created: datetime  # also the modified time: never the clock
    title: str = ""
    author: str = ""
    company: str = ""
    comments: str = ""


@dataclass
class _Styles:
    """The workbook's cell formats, numbered in the order they are first used (0: the default)."""

    known: dict[Style, int] = field(default_factory=lambda: {Style(): 0})

    def index(self, style: Style | None) -> int:
        if style is None:
            return 0
        return self.known.setdefault(style, len(self.known))

    def xml(self) -> str:
        formats: dict[str, int] = {}
        fonts = ['<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>']
        borders = ["<border><left/><right/><top/><bottom/><diagonal/></border>"]
        cells = []
        for style in self.known:
            number = 0
            if style.number_format:
                number = _BUILT_IN_FORMATS.get(style.number_format) or formats.setdefault(
                    style.number_format, 164 + len(formats)
                )
            font = 0
            if style.bold:
                bold = '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
                fonts += [bold] if bold not in fonts else []
                font = fonts.index(bold)
            border = 0
            if style.bottom_border:
                bottom = (
                    '<border><left/><right/><top/><bottom style="thin"><color auto="1"/></bottom><diagonal/></border>'
                )
                borders += [bottom] if bottom not in borders else []
                border = borders.index(bottom)
            applied = "".join(
                f' apply{name}="1"'
                for name, used in (("NumberFormat", number), ("Font", font), ("Border", border))
                if used
            )
            alignment = ""
            if style.wrap or style.top:
                attributes = (' vertical="top"' if style.top else "") + (' wrapText="1"' if style.wrap else "")
                alignment = f"<alignment{attributes}/>"
                applied += ' applyAlignment="1"'
            cells.append(
                f'<xf numFmtId="{number}" fontId="{font}" fillId="0" borderId="{border}" xfId="0"{applied}'
                + (f">{alignment}</xf>" if alignment else "/>")
            )
        custom = "".join(
            f'<numFmt numFmtId="{number}" formatCode="{escape(code, _QUOTE)}"/>' for code, number in formats.items()
        )
        return (
            f'{_XML_HEAD}<styleSheet xmlns="{_MAIN}">'
            + (f'<numFmts count="{len(formats)}">{custom}</numFmts>' if formats else "")
            + f'<fonts count="{len(fonts)}">{"".join(fonts)}</fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            f'<borders count="{len(borders)}">{"".join(borders)}</borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(cells)}">{"".join(cells)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium9" '
            'defaultPivotStyle="PivotStyleLight16"/></styleSheet>'
        )


# Number formats Excel knows by number: written by their number, not as custom formats.
_BUILT_IN_FORMATS = {"0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10}
_QUOTE = {'"': "&quot;"}


def workbook(sheets: Sequence[Sheet], properties: Properties, *, last: LastOutputs | None = None) -> bytes:
    """The ``.xlsx`` file of ``sheets``, in order, the first one shown when it opens.

    With ``last``, a sheet with a ``key`` that was written by the last workbook with the same
    rows and layout is taken as it was written then."""
    styles = _Styles()
    entries = [
        _deflated("[Content_Types].xml", _content_types(len(sheets))),
        _deflated("_rels/.rels", _package_relationships()),
        _deflated("docProps/app.xml", _app_properties(properties, sheets)),
        _deflated("docProps/core.xml", _core_properties(properties)),
    ]
    rows: list[int] = []
    for number, sheet in enumerate(sheets, start=1):
        layout = _Layout.of(sheet, styles)

        def written(sheet: Sheet = sheet, number: int = number, layout: _Layout = layout) -> tuple[_Entry, int]:
            counted: list[int] = []
            xml = _sheet_xml(sheet, layout, counted, selected=number == 1)
            return _deflated(f"xl/worksheets/sheet{number}.xml", xml), counted[0]

        if last is None or sheet.key is None:
            entry, count = written()
        else:
            layout_key = (number, sheet.name, tuple(sheet.columns), sheet.header_style, sheet.freeze_header, layout)
            entry, count = last.made(("xlsx sheet", *layout_key, sheet.autofilter), sheet.key, written)
        entries.append(entry)
        rows.append(count)
    # After the sheets: they name the styles they use and count their rows as they go.
    entries.append(_deflated("xl/workbook.xml", _workbook(sheets, rows)))
    entries.append(_deflated("xl/_rels/workbook.xml.rels", _workbook_relationships(len(sheets))))
    entries.append(_deflated("xl/styles.xml", styles.xml()))
    return _archive(entries)


# -- the zip archive ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    """One file of the archive, deflated as ``zipfile`` deflates it."""

    name: str
    data: bytes  # raw deflate
    crc: int
    size: int  # before compression


def _deflated(name: str, text: str | Iterable[str]) -> _Entry:
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    data: list[bytes] = []
    crc = size = 0
    for chunk in _chunks([text] if isinstance(text, str) else text):
        raw = chunk.encode("utf-8")
        crc, size = zlib.crc32(raw, crc), size + len(raw)
        data.append(compressor.compress(raw))
    data.append(compressor.flush())
    return _Entry(name, b"".join(data), crc, size)


def _chunks(parts: Iterable[str]) -> Iterator[str]:
    """A few hundred rows at a time: one compression call each."""
    chunk: list[str] = []
    for part in parts:
        chunk.append(part)
        if len(chunk) == 500:
            yield "".join(chunk)
            chunk.clear()
    yield "".join(chunk)


def _archive(entries: Iterable[_Entry]) -> bytes:
    """The zip archive of ``entries``, in order, as ``zipfile`` writes it on a Unix system; every
    entry with the same fixed time and mode, so the bytes never depend on the clock or the system."""
    out = BytesIO()
    directory: list[bytes] = []
    for entry in entries:
        name = entry.name.encode("ascii")
        offset = out.tell()
        if max(offset, entry.size, len(entry.data)) >= _ZIP64_LIMIT:
            raise ValueError(f"{entry.name}: too large for a workbook without ZIP64")
        sizes = (entry.crc, len(entry.data), entry.size, len(name))
        out.write(struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, 0, zipfile.ZIP_DEFLATED, *_DOS_TIME, *sizes, 0))
        out.write(name)
        out.write(entry.data)
        directory.append(
            struct.pack(
                "<4s4B4HL2L5H2L",
                b"PK\x01\x02",
                20,
                3,
                20,
                0,
                0,
                zipfile.ZIP_DEFLATED,
                *_DOS_TIME,
                *sizes,
                0,
                0,
                0,
                0,
                _ENTRY_MODE,
                offset,
            )
            + name
        )
    start = out.tell()
    out.write(b"".join(directory))
    end = out.tell()
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(directory), len(directory), end - start, start, 0))
    return out.getvalue()


def column_letters(index: int) -> str:
    """``0`` → ``A``, ``25`` → ``Z``, ``26`` → ``AA``."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def stored_width(characters: float) -> float:
    """The column width Excel stores for a width in characters of the default font."""
    pixels = int(characters * _DIGIT_PIXELS + 0.5) + _PADDING_PIXELS if characters > 0 else 0
    return int(pixels / _DIGIT_PIXELS * 256) / 256


def text(value: str) -> str:
    """``value`` escaped for XML, the characters XML forbids written as ``_xHHHH_``."""
    escaped = escape(value)
    return _NOT_XML.sub(lambda match: f"_x{ord(match.group()):04X}_", escaped) if _NOT_XML.search(escaped) else escaped


# -- the parts of the package ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Layout:
    """A sheet's styles, as numbered in its workbook: of each column's plain cells, numbers and
    dates, and of the header."""

    plain: tuple[int, ...]
    numbers: tuple[int, ...]
    dates: tuple[int, ...]
    header: int | None

    @classmethod
    def of(cls, sheet: Sheet, styles: _Styles) -> _Layout:
        plain = tuple(styles.index(column.style) for column in sheet.columns)
        return cls(
            plain,
            tuple(styles.index(c.number_style) if c.number_style else plain[i] for i, c in enumerate(sheet.columns)),
            tuple(styles.index(c.date_style) if c.date_style else plain[i] for i, c in enumerate(sheet.columns)),
            styles.index(sheet.header_style) if sheet.header_style else None,
        )


def _sheet_xml(sheet: Sheet, layout: _Layout, rows: list[int], *, selected: bool) -> Iterator[str]:
    """The sheet's XML, row by row; ``rows`` is given the number of rows written."""
    columns = list(sheet.columns)
    letters = [column_letters(index) for index in range(len(columns))]
    plain, numbers, dates, header = layout.plain, layout.numbers, layout.dates, layout.header
    yield (
        f'{_XML_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
        "<sheetViews><sheetView" + (' tabSelected="1"' if selected else "") + ' workbookViewId="0">'
    )
    if sheet.freeze_header:
        yield (
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
        )
    yield '</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
    if columns:
        yield (
            "<cols>"
            + "".join(
                f'<col min="{i}" max="{i}" width="{stored_width(column.width)}"{_s(plain[i - 1], "style")} '
                'customWidth="1"/>'
                for i, column in enumerate(columns, start=1)
            )
            + "</cols>"
        )
    yield "<sheetData>"
    count = 0
    for count, row in enumerate(sheet.rows, start=1):
        cells = []
        for index, value in enumerate(row):
            if value is None or value == "":
                continue
            reference = f"{letters[index]}{count}"
            style = header if header is not None and count == 1 else None
            if isinstance(value, bool):
                cells.append(f'<c r="{reference}"{_s(style or plain[index])} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, int | float):
                number = repr(float(value)) if isinstance(value, float) else str(value)
                cells.append(f'<c r="{reference}"{_s(style or numbers[index])}><v>{number}</v></c>')
            elif isinstance(value, date):
                day = value.date() if isinstance(value, datetime) else value
                cells.append(f'<c r="{reference}"{_s(style or dates[index])}><v>{(day - _EXCEL_EPOCH).days}</v></c>')
            else:
                space = ' xml:space="preserve"' if value != value.strip() or "\n" in value else ""
                cells.append(
                    f'<c r="{reference}"{_s(style or plain[index])} t="inlineStr">'
                    f"<is><t{space}>{text(value)}</t></is></c>"
                )
        yield f'<row r="{count}">{"".join(cells)}</row>'
    yield "</sheetData>"
    rows.append(count)
    if sheet.autofilter and columns:
        yield f'<autoFilter ref="{_range(sheet, count)}"/>'
    yield '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'


def _range(sheet: Sheet, rows: int, absolute: bool = False) -> str:
    """The sheet's cells, from A1 to its last column and row (at least the header's row)."""
    dollar = "$" if absolute else ""
    return f"{dollar}A{dollar}1:{dollar}{column_letters(len(sheet.columns) - 1)}{dollar}{max(rows, 1)}"


def _s(style: int | None, name: str = "s") -> str:
    return f' {name}="{style}"' if style else ""


def _workbook(sheets: Sequence[Sheet], rows: Sequence[int]) -> str:
    entries = "".join(
        f'<sheet name="{text(sheet.name)}" sheetId="{number}" r:id="rId{number}"/>'
        for number, sheet in enumerate(sheets, start=1)
    )
    filters = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{number}" hidden="1">'
        f"{_quoted_sheet(sheet.name)}!{_range(sheet, rows[number], absolute=True)}</definedName>"
        for number, sheet in enumerate(sheets)
        if sheet.autofilter and sheet.columns
    )
    return (
        f'{_XML_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
        '<bookViews><workbookView activeTab="0"/></bookViews>'
        f"<sheets>{entries}</sheets>"
        + (f"<definedNames>{filters}</definedNames>" if filters else "")
        + '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
    )


def _quoted_sheet(name: str) -> str:
    return text("'" + name.replace("'", "''") + "'")


def _content_types(sheets: int) -> str:
    overrides = [
        ("/xl/workbook.xml", f"{_CONTENT}.spreadsheetml.sheet.main+xml"),
        *((f"/xl/worksheets/sheet{n}.xml", f"{_CONTENT}.spreadsheetml.worksheet+xml") for n in range(1, sheets + 1)),
        ("/xl/styles.xml", f"{_CONTENT}.spreadsheetml.styles+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml", f"{_CONTENT}.extended-properties+xml"),
    ]
    return (
        f'{_XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{part}" ContentType="{kind}"/>' for part, kind in overrides)
        + "</Types>"
    )


def _package_relationships() -> str:
    return (
        f'{_XML_HEAD}<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
        f'<Relationship Id="rId1" Type="{_DOCUMENT}/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
        'core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{_DOCUMENT}/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>"
    )


def _workbook_relationships(sheets: int) -> str:
    entries = "".join(
        f'<Relationship Id="rId{n}" Type="{_DOCUMENT}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, sheets + 1)
    )
    styles = f'<Relationship Id="rId{sheets + 1}" Type="{_DOCUMENT}/styles" Target="styles.xml"/>'
    return f'{_XML_HEAD}<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">{entries}{styles}</Relationships>'


def _core_properties(properties: Properties) -> str:
    moment = properties.created.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
    fields = [
        ("dc:title", properties.title),
        ("dc:creator", properties.author),
        ("cp:lastModifiedBy", properties.author),
        ("dc:description", properties.comments),
    ]
    return (
        f"{_XML_HEAD}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        + "".join(f"<{tag}>{text(value)}</{tag}>" for tag, value in fields if value)
        + f'<dcterms:created xsi:type="dcterms:W3CDTF">{moment}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{moment}</dcterms:modified></cp:coreProperties>'
    )


def _app_properties(properties: Properties, sheets: Sequence[Sheet]) -> str:
    names = "".join(f"<vt:lpstr>{text(sheet.name)}</vt:lpstr>" for sheet in sheets)
    return (
        f'{_XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        "<Application>PMO Hub</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
        '<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>'
        f"<vt:variant><vt:i4>{len(sheets)}</vt:i4></vt:variant></vt:vector></HeadingPairs>"
        f'<TitlesOfParts><vt:vector size="{len(sheets)}" baseType="lpstr">{names}</vt:vector></TitlesOfParts>'
        + (f"<Company>{text(properties.company)}</Company>" if properties.company else "")
        + "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged><AppVersion>12.0000</AppVersion></Properties>"
    )
