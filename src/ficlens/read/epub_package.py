"""The EPUB container: bounded reads from the zip, and the OPF package.

Nothing here trusts the archive. Entry counts and declared sizes are checked
before any read and every read is bounded again (a zip can lie about sizes);
paths from ``container.xml`` and the OPF are resolved inside the archive and
refused when absolute or escaping it with ``..``; XML is parsed without
entities, DTDs or network access.

>>> resolve("OEBPS", "Text/ch%201.xhtml#top", "book.epub")
'OEBPS/Text/ch 1.xhtml'
>>> resolve("OEBPS", "../../x", "b.epub")
Traceback (most recent call last):
...
ficlens.errors.InputError: b.epub: the EPUB refers to '../../x', outside the archive; not followed
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from urllib.parse import unquote

from lxml import etree  # type: ignore[import-untyped]
from selectolax.lexbor import LexborHTMLParser

from ficlens.errors import InputError
from ficlens.model import Metadata
from ficlens.options import Options
from ficlens.read.htmldepth import bound_depth
from ficlens.read.htmltext import node_text

__all__ = ["Archive", "Package", "read_package", "resolve"]

_CHUNK = 1 << 16
_EPUB_MIMETYPE = b"application/epub+zip"
_OPF_TYPE = "application/oebps-package+xml"

# "http:", "file:", "C:": an href with a scheme or drive is never inside the archive.
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

# dc:date values such as "2010-06-14T00:00:00+00:00" are kept as the date.
_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})T")


def _parser() -> etree.XMLParser:
    # A fresh parser per document: no entity expansion ("billion laughs"), no
    # external DTD or network fetches, no unbounded trees.
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


class Archive:
    """A zip archive read within the options' limits."""

    def __init__(self, archive: zipfile.ZipFile, name: str, options: Options) -> None:
        self.name = name
        self.options = options
        self._zip = archive
        infos = archive.infolist()
        if len(infos) > options.max_archive_files:
            raise InputError(
                name,
                f"the EPUB has {len(infos):,} files,"
                f" over the limit of {options.max_archive_files:,}",
            )
        declared = sum(info.file_size for info in infos)
        self._limit = options.max_archive_bytes
        if declared > self._limit:
            raise InputError(name, self._too_big())
        self._remaining = self._limit
        self._entries = {info.filename: info for info in infos}
        self._folded = {info.filename.lower(): info for info in infos}

    def _too_big(self) -> str:
        return f"the EPUB unpacks to more than {self._limit:,} bytes, over the limit"

    def has(self, path: str) -> bool:
        return path in self._entries or path.lower() in self._folded

    def read(self, path: str) -> bytes:
        """The bytes of one entry, or InputError if missing, damaged or too big."""
        info = self._entries.get(path) or self._folded.get(path.lower())
        if info is None:
            raise InputError(self.name, f"the EPUB lists {path!r} but does not contain it")
        if info.file_size > self._remaining:
            raise InputError(self.name, self._too_big())
        chunks = []
        size = 0
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    if size > info.file_size or size > self._remaining:
                        raise InputError(self.name, self._too_big())
                    chunks.append(chunk)
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            OSError,
            ValueError,
            struct.error,
        ) as error:
            raise InputError(self.name, f"the EPUB archive is damaged ({path}: {error})") from None
        except (RuntimeError, NotImplementedError):
            raise InputError(
                self.name, f"the EPUB's {path} is encrypted or compressed in an unknown way"
            ) from None
        self._remaining -= size
        return b"".join(chunks)

    def xml(self, path: str) -> etree._Element:
        """Parse one entry as XML with the safe parser."""
        try:
            root = etree.fromstring(self.read(path), _parser())
        except etree.XMLSyntaxError as error:
            if "amplification" in str(error):  # libxml2's own guard against entity bombs
                raise InputError(
                    self.name, f"the EPUB's {path} declares entities that expand without bound"
                ) from None
            raise InputError(self.name, f"the EPUB's {path} is not well-formed XML") from None
        if root is None:
            raise InputError(self.name, f"the EPUB's {path} is empty")
        return root


@dataclass(frozen=True, slots=True)
class Package:
    """What the OPF says: Dublin Core metadata, the spine and stylesheets.

    ``spine`` holds (archive path, media type, manifest properties) in
    reading order.
    """

    metadata: Metadata
    spine: tuple[tuple[str, str, tuple[str, ...]], ...]
    stylesheets: tuple[str, ...] = ()


def resolve(base: str, href: str, name: str) -> str:
    """The archive path of ``href`` relative to folder ``base`` (see the module example)."""
    target = unquote(href.split("#", 1)[0]).replace("\\", "/")
    if target.startswith("/") or _SCHEME.match(target):
        raise InputError(name, f"the EPUB refers to {href!r}, outside the archive; not followed")
    path = posixpath.normpath(posixpath.join(base, target))
    if path == ".." or path.startswith("../") or path.startswith("/"):
        raise InputError(name, f"the EPUB refers to {href!r}, outside the archive; not followed")
    return path


def read_package(archive: Archive) -> Package:
    """Check the mimetype, follow container.xml to the OPF and read it."""
    name = archive.name
    if archive.has("mimetype") and archive.read("mimetype").strip() != _EPUB_MIMETYPE:
        raise InputError(name, "is not an EPUB (its mimetype entry names another format)")
    if not archive.has("META-INF/container.xml"):
        raise InputError(
            name, "the EPUB has no META-INF/container.xml, so its contents cannot be found"
        )
    rootfiles = [el for el in _elements(archive.xml("META-INF/container.xml"), "rootfile")]
    rootfiles.sort(key=lambda el: el.get("media-type", _OPF_TYPE) != _OPF_TYPE)
    full_path = next((el.get("full-path") for el in rootfiles if el.get("full-path")), None)
    if full_path is None:
        raise InputError(name, "the EPUB has no package (OPF) file")
    opf_path = resolve("", full_path, name)
    if not archive.has(opf_path):
        raise InputError(name, "the EPUB has no package (OPF) file")
    opf = archive.xml(opf_path)
    base = posixpath.dirname(opf_path)
    manifest: dict[str, tuple[str, str, tuple[str, ...]]] = {}
    stylesheets = []
    for item in _elements(opf, "item"):
        item_id, href = item.get("id"), item.get("href")
        if not item_id or not href:
            continue
        media_type = (item.get("media-type") or "").strip().lower()
        properties = tuple((item.get("properties") or "").split())
        manifest[item_id] = (href, media_type, properties)
        if media_type == "text/css":
            stylesheets.append(resolve(base, href, name))
    spine = []
    seen = set()
    for ref in _elements(opf, "itemref"):
        entry = manifest.get(ref.get("idref") or "")
        if entry is None or ref.get("linear") == "no":
            continue
        href, media_type, properties = entry
        path = resolve(base, href, name)
        if path not in seen:
            seen.add(path)
            spine.append((path, media_type, properties))
    return Package(_dublin_core(opf, archive.options), tuple(spine), tuple(stylesheets))


def _elements(root: etree._Element, local: str) -> list[etree._Element]:
    """Elements named ``local`` in any namespace (EPUBs vary in prefixes)."""
    return [
        el for el in root.iter() if isinstance(el.tag, str) and etree.QName(el).localname == local
    ]


def _dublin_core(opf: etree._Element, options: Options) -> Metadata:
    values: dict[str, list[str]] = {}
    for block in _elements(opf, "metadata"):
        for el in block.iter():
            if not isinstance(el.tag, str):
                continue
            text = " ".join("".join(el.itertext()).split())
            if text:
                values.setdefault(etree.QName(el).localname, []).append(text)
    date = next(iter(values.get("date", [])), None)
    if date is not None and (match := _ISO_DATE.match(date)):
        date = match.group(1)
    source = next(
        (
            s
            for s in values.get("source", []) + values.get("identifier", [])
            if s.startswith("http")
        ),
        None,
    )
    return Metadata(
        title=next(iter(values.get("title", [])), None),
        authors=tuple(dict.fromkeys(values.get("creator", []))),
        language=next(iter(values.get("language", [])), None),
        additional_tags=tuple(dict.fromkeys(values.get("subject", []))),
        summary=_plain(next(iter(values.get("description", [])), None), options),
        published=date,
        url=source,
    )


def _plain(description: str | None, options: Options) -> str | None:
    """dc:description often holds escaped HTML; keep only its text."""
    if description is None or "<" not in description:
        return description
    tree = LexborHTMLParser(bound_depth(description, options.max_html_depth))
    return node_text(tree.body, options) or None
