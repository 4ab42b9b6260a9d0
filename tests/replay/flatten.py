#!/usr/bin/python3
"""Flatten tshark's JSON into the replay test's expected-file text.

    flatten.py --columns COLS --protocols P[,P...] [--info-protocols SHORT[,SHORT...]]
               [--field-types TYPES] JSON

COLS is `tshark -T fields -e frame.number -e _ws.col.Protocol -e _ws.col.Info`
output (tab-separated, one line per frame) and JSON is `tshark -T json -J ...`
of the same capture with the same options, so the n-th JSON packet is the
n-th COLS line.  For every frame this prints

    frame N | Protocol                 (| Info, when Protocol is one of
                                          the --info-protocols short names)

then each layer named in --protocols, as its name on a line and below it
one line per field, indented two spaces per nesting level:

    abbrev: value                      the JSON ("show") value
    abbrev:                            empty value, or a field with children
    expert: NAME Severity Group: message
    text: label                        an item without a field (rare)

Field order is tshark's: the JSON repeats keys for repeated fields, so it
is read with object_pairs_hook.  "abbrev_tree" objects are the children of
the field before them.  Only fields of the --protocols (and Wireshark's
"_ws." markers such as _ws.malformed) are printed; the numeric severity and
group of an expert info become their names.  Values longer than 160
characters are cut to their first 120 and " \u2026 (N chars)" (N: the whole
length), so file data does not bloat the file.  Control characters are
escaped (\\r, \\n, \\t, ... and \\xNN) to keep one field a line.

TYPES ("abbrev<TAB>FT_TYPE" lines, from `tshark -G fields`) lets values be
written the same way whatever the Wireshark version prints: absolute times
as ISO 8601 (4.2 switched the JSON to that), byte strings as plain hex
digits, booleans as 0/1.  Standard library only.
"""

import argparse
import json
import re
import sys

MAX_LEN = 160
CUT_TO = 120

# epan/proto.h: PI_SEVERITY_MASK and PI_GROUP_MASK values, named as -V does
SEVERITIES = {
    0x00100000: "Comment", 0x00200000: "Chat", 0x00400000: "Note",
    0x00600000: "Warning", 0x00800000: "Error",
}
GROUPS = {
    0x01000000: "Checksum", 0x02000000: "Sequence", 0x03000000: "Response",
    0x04000000: "Request", 0x05000000: "Undecoded", 0x06000000: "Reassemble",
    0x07000000: "Malformed", 0x08000000: "Debug", 0x09000000: "Protocol",
    0x0a000000: "Security", 0x0b000000: "Comment", 0x0c000000: "Decryption",
    0x0d000000: "Assumption", 0x0e000000: "Deprecated", 0x0f000000: "Receive",
    0x10000000: "Interface", 0x11000000: "Dissector bug",
}

FILTER_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*\Z")
MONTHS = {m: i + 1 for i, m in enumerate(
    "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split())}
# 4.0: "Jan  1, 1970 00:00:01.000000000 UTC"
OLD_TIME = re.compile(
    r"([A-Z][a-z]{2}) +(\d{1,2}), (\d{4}) (\d\d:\d\d:\d\d)(\.\d+)? (?:UTC|GMT)\Z")
# 4.2 and later: "1970-01-01T00:00:01.000000000Z" (or an explicit +00:00)
ISO_TIME = re.compile(
    r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?)(?:Z|[+-]00:?00)\Z")
HEX_BYTES = re.compile(r"[0-9A-Fa-f]{2}([:. ]?[0-9A-Fa-f]{2})*\Z")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# as Wireshark's format_text() writes them in the packet details
ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r",
           "\t": "\\t", "\v": "\\v"}


def pairs(obj):
    """The (key, value) pairs of a JSON object read with object_pairs_hook."""
    return obj if isinstance(obj, list) else []


def is_object(value):
    return isinstance(value, list) and all(
        isinstance(p, tuple) for p in value)


def escape(text):
    return CONTROL.sub(lambda m: ESCAPES.get(m.group(), "\\x%02x" % ord(m.group())), text)


def clean(text):
    """One line, not too long: N chars is the length of the value itself."""
    text = str(text)
    if len(text) > MAX_LEN:
        return "%s \u2026 (%d chars)" % (escape(text[:CUT_TO]), len(text))
    return escape(text)


class Flattener:
    def __init__(self, protocols, types):
        self.protocols = protocols
        self.types = types
        self.out = []

    def emit(self, depth, text):
        self.out.append("  " * depth + text)

    def wanted(self, key):
        if key.startswith("_ws."):
            return True
        return any(key == p or key.startswith(p + ".") for p in self.protocols)

    def normalize(self, key, value):
        kind = self.types.get(key)
        if kind == "FT_ABSOLUTE_TIME":
            m = OLD_TIME.match(value)
            if m and m.group(1) in MONTHS:
                return "%s-%02d-%02dT%s%sZ" % (
                    m.group(3), MONTHS[m.group(1)], int(m.group(2)),
                    m.group(4), m.group(5) or "")
            m = ISO_TIME.match(value)
            if m:
                return m.group(1) + "Z"
        elif kind == "FT_BYTES" and HEX_BYTES.match(value):
            return re.sub(r"[:. ]", "", value).lower()
        elif kind == "FT_BOOLEAN":
            return {"True": "1", "False": "0", "true": "1",
                    "false": "0"}.get(value, value)
        return value

    def expert(self, depth, obj):
        names, message, severity, group = [], "", "", ""
        for key, value in pairs(obj):
            if key == "_ws.expert.message":
                message = value
            elif key == "_ws.expert.severity":
                severity = self.level(value, SEVERITIES)
            elif key == "_ws.expert.group":
                group = self.level(value, GROUPS)
            elif not key.startswith("_ws.expert"):
                names.append(key)
        self.emit(depth, "expert: %s %s %s: %s" % (
            " ".join(names) or "-", severity or "?", group or "?",
            clean(message)))

    @staticmethod
    def level(value, table):
        try:
            number = int(str(value), 0)
        except ValueError:
            return str(value)           # a version that prints the name
        return table.get(number, "0x%08x" % number)

    def walk(self, obj, depth):
        items = pairs(obj)
        has_expert = any(k == "_ws.expert" for k, _ in items)
        for key, value in items:
            # tshark --no-duplicate-keys (4.2+) turns repeats into arrays
            values = value if isinstance(value, list) and not is_object(value) else [value]
            for v in values:
                self.item(key, v, depth, has_expert)

    def item(self, key, value, depth, has_expert):
        if key == "_ws.expert":
            self.expert(depth, value)
        elif key == "_ws.malformed" and has_expert:
            pass    # hidden marker that a Malformed-group expert info adds
        elif key.endswith("_tree") and is_object(value):
            self.walk(value, depth + 1)
        elif not FILTER_NAME.match(key):
            # an item without a field: its key is its label
            inner = [k for k, _ in pairs(value)]
            if inner and set(inner) <= {"_ws.expert", "_ws.malformed"}:
                self.walk(value, depth)     # an expert info: the label is its message
            else:
                self.emit(depth, "text: " + clean(key))
                if is_object(value):
                    self.walk(value, depth + 1)
        elif not self.wanted(key):
            if is_object(value):
                self.walk(value, depth)
        elif is_object(value):
            self.emit(depth, key + ":")
            self.walk(value, depth + 1)
        else:
            text = clean(self.normalize(key, str(value)))
            self.emit(depth, key + ":" + (" " + text if text else ""))

    def packet(self, pkt):
        layers = []
        for key, value in pairs(pkt):
            if key == "_source":
                for k, v in pairs(value):
                    if k == "layers":
                        layers = pairs(v)
        for key, value in layers:
            if key not in self.protocols:
                continue
            if is_object(value):
                self.emit(0, key)
                self.walk(value, 1)
            else:
                self.emit(0, key + ": " + clean(value))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--columns", required=True)
    ap.add_argument("--protocols", required=True)
    ap.add_argument("--info-protocols", default="")
    ap.add_argument("--field-types")
    ap.add_argument("json")
    args = ap.parse_args()

    protocols = [p for p in args.protocols.split(",") if p]
    info = {p for p in args.info_protocols.split(",") if p}
    types = {}
    if args.field_types:
        with open(args.field_types, encoding="utf-8") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) >= 2:
                    types[parts[0]] = parts[1]

    with open(args.columns, encoding="utf-8", errors="surrogateescape") as f:
        cols = [line.rstrip("\n").split("\t", 2) for line in f if line.strip()]
    with open(args.json, encoding="utf-8", errors="surrogateescape") as f:
        packets = json.load(f, object_pairs_hook=lambda p: p)
    if len(cols) != len(packets):
        sys.exit("flatten.py: %d frames in %s but %d packets in %s" % (
            len(cols), args.columns, len(packets), args.json))

    fl = Flattener(protocols, types)
    for col, pkt in zip(cols, packets):
        col += [""] * (3 - len(col))
        line = "frame %s | %s" % (col[0], col[1])
        if col[1] in info:
            line += " | " + col[2]
        fl.emit(0, line)
        fl.packet(pkt)
    sys.stdout.write("".join(line + "\n" for line in fl.out))


if __name__ == "__main__":
    main()
