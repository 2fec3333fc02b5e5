#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Builds the pseudo-locale: every string of the sources, accented, a third
longer and bracketed, so that a run under it shows at a glance any string that
does not go through gettext (it stays plain English) and any label that clips
(its closing bracket is missing).

  po/pseudo-locale.py -o LOCALEDIR     writes LOCALEDIR/pseudo/LC_MESSAGES/dossier.mo
  po/pseudo-locale.py --po FILE        writes the catalogue as a .po, to read

Run Dossier under it with `build-aux/dev run --lang pseudo`, or by hand:
LANGUAGE=pseudo LC_ALL=en_US.UTF-8 DOSSIER_LOCALEDIR=LOCALEDIR dossier.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

PO = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(PO)

OPEN, CLOSE = "⟦", "⟧"
ACCENTS = dict(zip(
    "abcdeghiklmnorstuwyzABCDEGHIKLMNORSTUWYZ",
    "åƀçđéĝĥîķĺɱñöŕšţüŵýžÅƁÇĐÉĜĤÎĶĹḾÑÖŔŠŢÜŴÝŽ"))

# What must come through unchanged: printf directives, mnemonics' letters are
# accented like the rest but the underscore stays, markup and entities, and
# the names of command-line options and placeholders (--db, PATH, FILE).
KEEP = re.compile(r"%(?:\d+\$)?[-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
                  r"(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcspn%]|%[-_0]?O?[A-Za-z]"
                  r"|<[^>]*>|&[a-z]+;|&#\d+;"
                  r"|--?[a-z][a-z-]*|\$[A-Z_]+|\b[A-Z][A-Z0-9_.|…-]{2,}\b"
                  r"|\\n|\n")

XGETTEXT = [
    "--from-code=UTF-8", "--add-comments=Translators",
    "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format", "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format", "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format", "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format", "--flag=g_set_error:4:c-format",
]


def pseudo(text):
    if text == "":
        return ""
    # Desktop keywords and similar lists stay lists.
    if text.endswith(";") and " " not in text:
        return ";".join(OPEN + "".join(ACCENTS.get(c, c) for c in w) + CLOSE if w else ""
                        for w in text.split(";"))
    out = []
    pos = 0
    letters = 0
    for m in KEEP.finditer(text):
        chunk = text[pos:m.start()]
        out.append("".join(ACCENTS.get(c, c) for c in chunk))
        letters += sum(c.isalpha() for c in chunk)
        out.append(m.group(0))
        pos = m.end()
    chunk = text[pos:]
    out.append("".join(ACCENTS.get(c, c) for c in chunk))
    letters += sum(c.isalpha() for c in chunk)
    body = "".join(out)
    if text == "translator-credits":
        return "Pseudo-locale"
    # Translations run about a third longer than English; so does this one.
    pad = "·" * max(1, letters // 3)
    lead = body[:len(body) - len(body.lstrip(" "))]
    trail_nl = "\n" if body.endswith("\n") else ""
    core = body.strip(" ").rstrip("\n")
    return f"{lead}{OPEN}{core}{pad}{CLOSE}{trail_nl}"


def esc(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def unq(s):
    s = s.strip()[1:-1]
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            out.append({"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(s[i + 1], s[i + 1]))
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def entries(pot):
    cur, field = {}, None
    for line in open(pot, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip():
            if "msgid" in cur:
                yield cur
            cur, field = {}, None
            continue
        if line.startswith("#"):
            if line.startswith("#,"):
                cur["flags"] = line
            continue
        m = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (\".*\")$", line)
        if m:
            field = m.group(1)
            cur[field] = unq(m.group(2))
        elif line.startswith('"') and field:
            cur[field] += unq(line)
    if "msgid" in cur:
        yield cur


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--localedir")
    ap.add_argument("--po")
    args = ap.parse_args()
    if not args.localedir and not args.po:
        ap.error("give -o LOCALEDIR or --po FILE")

    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "dossier.pot")
        subprocess.run(["xgettext", "--package-name=dossier", "--directory", ROOT,
                        "--files-from", os.path.join(PO, "POTFILES.in"), "-o", pot] + XGETTEXT,
                       check=True, stderr=subprocess.DEVNULL)
        lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"',
                 '"Language: pseudo\\n"', '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"', ""]
        for e in entries(pot):
            if not e["msgid"]:
                continue
            if "msgctxt" in e:
                lines.append("msgctxt " + esc(e["msgctxt"]))
            lines.append("msgid " + esc(e["msgid"]))
            if "msgid_plural" in e:
                lines.append("msgid_plural " + esc(e["msgid_plural"]))
                lines.append("msgstr[0] " + esc(pseudo(e["msgid"])))
                lines.append("msgstr[1] " + esc(pseudo(e["msgid_plural"])))
            else:
                lines.append("msgstr " + esc(pseudo(e["msgid"])))
            lines.append("")
        po = args.po or os.path.join(tmp, "pseudo.po")
        with open(po, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        if args.localedir:
            out = os.path.join(args.localedir, "pseudo", "LC_MESSAGES")
            os.makedirs(out, exist_ok=True)
            subprocess.run(["msgfmt", "--check-format", "-o", os.path.join(out, "dossier.mo"), po],
                           check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
