"""PDF stream filters decoded a piece at a time, so that a stream's decoded size can be measured
in bounded memory before PDFium decodes it whole (see ``safety.check_pdf_streams``).

Each decoder takes the encoded bytes as an iterable of pieces and yields decoded pieces, never
holding more than its own state (LZW's code table: at most 4,096 entries). A corrupt stream ends
where it breaks: PDFium decides what to make of it. The filters that can expand data are here:
Flate, LZW and RunLength, and the ASCII encodings that may stand before them in a chain.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Callable, Iterable, Iterator

from tendercheck import lazyre

_PIECE = 1 << 16


def slices(data: bytes, start: int, size: int = _PIECE) -> Iterator[bytes]:
    """``data`` from ``start`` on, ``size`` bytes at a time."""
    view = memoryview(data)
    for pos in range(start, len(data), size):
        yield bytes(view[pos : pos + size])


def inflate(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """FlateDecode: a zlib stream, 64 KB of output at a time."""
    inflater = zlib.decompressobj()
    for piece in pieces:
        while piece:
            try:
                out = inflater.decompress(piece, _PIECE)
            except zlib.error:
                return
            piece = inflater.unconsumed_tail
            if out:
                yield out
            if inflater.eof:
                return


def lzw(pieces: Iterable[bytes], early_change: int = 1) -> Iterator[bytes]:
    """LZWDecode: variable-width codes of 9 to 12 bits, most significant bit first; 256 clears
    the table, 257 ends the data. A full table (4,096 entries) takes no more entries."""
    table: list[bytes] = []
    previous = b""
    width = 9
    buffer = 0  # bits not yet used, most significant first
    held = 0  # how many
    out: list[bytes] = []
    size = 0

    def reset() -> None:
        nonlocal table, previous, width
        table = [bytes((i,)) for i in range(256)] + [b"", b""]
        previous = b""
        width = 9

    reset()
    for piece in pieces:
        for byte in piece:  # a code is 9 bits or more: at most one ends in each byte
            buffer = (buffer << 8) | byte
            held += 8
            if held < width:
                continue
            held -= width
            code = buffer >> held
            buffer &= (1 << held) - 1
            if code == 256:
                reset()
                continue
            if code == 257:
                if out:
                    yield b"".join(out)
                return
            if not previous:
                if code > 255:
                    return  # corrupt: the first code after a clear is a byte
                entry = table[code]
            elif code < len(table):
                entry = table[code]
                if len(table) < 4096:
                    table.append(previous + entry[:1])
            elif code == len(table) and len(table) < 4096:
                entry = previous + previous[:1]
                table.append(entry)
            else:
                return  # corrupt
            previous = entry
            out.append(entry)
            size += len(entry)
            if size >= _PIECE:
                yield b"".join(out)
                out, size = [], 0
            filled = len(table) + early_change
            width = 9 + (filled >= 512) + (filled >= 1024) + (filled >= 2048)
    if out:
        yield b"".join(out)


def run_length(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """RunLengthDecode: a length byte n, then n+1 bytes to copy (n < 128) or one byte to repeat
    257-n times (n > 128); 128 ends the data."""
    pending = b""
    for piece in pieces:
        data = pending + piece
        out = bytearray()
        pos = 0
        while pos < len(data):
            n = data[pos]
            if n == 128:
                yield bytes(out)
                return
            if n < 128:
                if pos + 1 + n + 1 > len(data):
                    break  # the literal run goes on in the next piece
                out += data[pos + 1 : pos + n + 2]
                pos += n + 2
            else:
                if pos + 1 >= len(data):
                    break
                out += data[pos + 1 : pos + 2] * (257 - n)
                pos += 2
            if len(out) >= _PIECE:
                yield bytes(out)
                out = bytearray()
        pending = data[pos:]
        if out:
            yield bytes(out)


_NOT_HEX = lazyre.compile(rb"[^0-9A-Fa-f]")


def ascii_hex(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """ASCIIHexDecode: pairs of hex digits, white space ignored, '>' ends the data."""
    pending = b""
    for piece in pieces:
        end = piece.find(b">")
        digits = pending + _NOT_HEX.sub(b"", piece if end < 0 else piece[:end])
        even = len(digits) - len(digits) % 2
        if even:
            yield binascii.unhexlify(digits[:even])
        pending = digits[even:]
        if end >= 0:
            if pending:
                yield binascii.unhexlify(pending + b"0")
            return


_NOT_A85 = lazyre.compile(rb"[^!-uz]")


def ascii85(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """ASCII85Decode: groups of five characters ('z' for four zero bytes), '~>' ends the data."""
    pending = b""
    for piece in pieces:
        end = piece.find(b"~")
        text = pending + _NOT_A85.sub(b"", piece if end < 0 else piece[:end])
        text = text.replace(b"z", b"!!!!!")
        whole = len(text) - len(text) % 5
        try:
            if whole:
                yield base64.a85decode(text[:whole])
            pending = text[whole:]
            if end >= 0:
                if pending:  # a last, short group
                    yield base64.a85decode(pending + b"u" * (5 - len(pending)))[: len(pending) - 1]
                return
        except ValueError:
            return


def decoders(header: bytes) -> list[Callable[[Iterable[bytes]], Iterator[bytes]]]:
    """The decoders for a stream dictionary's /Filter, in order, up to the first filter not
    decoded here (an image codec, which PDFium applies to images only, or an unknown name)."""
    found = re.search(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+)", header)
    if not found:
        return []
    early = 0 if re.search(rb"/EarlyChange\s+0\b", header) else 1
    known = {
        b"FlateDecode": inflate,
        b"Fl": inflate,
        b"LZWDecode": lambda pieces: lzw(pieces, early),
        b"LZW": lambda pieces: lzw(pieces, early),
        b"RunLengthDecode": run_length,
        b"RL": run_length,
        b"ASCIIHexDecode": ascii_hex,
        b"AHx": ascii_hex,
        b"ASCII85Decode": ascii85,
        b"A85": ascii85,
    }
    chain = []
    for name in re.findall(rb"/([^\s/\[\]<>()]+)", found.group(1)):
        if name not in known:
            break
        chain.append(known[name])
    return chain
