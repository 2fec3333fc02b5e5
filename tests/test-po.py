#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the translations and the list of translatable files; speaks TAP.

  test-po.py [--tap] [--report]

Environment: DOSSIER_SOURCE_ROOT (the source tree; default: the parent of this
file's folder), DOSSIER_POT (a template to compare the .po files with; by default
the test makes one from the sources with xgettext).  --report prints, for translators, per language how many entries
are translated, fuzzy and untranslated, and which ones are not done.

Cases:
  /dossier/po/potfiles-sorted        POTFILES.in is sorted and has no duplicates
  /dossier/po/potfiles-exist         every file it lists exists
  /dossier/po/potfiles-complete      every source file with translatable strings is
                                     listed (or in POTFILES.skip), and nothing else
  /dossier/po/linguas                LINGUAS names the shipped languages, each has a .po
  /dossier/po/<ll>/msgfmt            msgfmt --check --check-format accepts the .po
  /dossier/po/<ll>/plural-forms      the Plural-Forms header is right for the language
  /dossier/po/<ll>/complete          no fuzzy and no untranslated entries
  /dossier/po/<ll>/formats           every translation has the format directives of
                                     its msgid (same conversions, positional or not)
  /dossier/po/<ll>/up-to-date        every msgid of the template is in the .po
  /dossier/po/no-concatenation       no translatable string with words ends in a space
                                     or starts with a space and a word (the mark of
                                     a sentence glued from pieces)
  /dossier/po/grouped-counts         in the window and the CLI, every translated format
                                     that prints a count goes through
                                     dossier_locale_grouped() ("1,234", "1 234"), and
                                     no number is printed with a bare "%u"
"""

import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.environ.get("DOSSIER_SOURCE_ROOT") or os.path.dirname(HERE)
PO = os.path.join(ROOT, "po")

SHIPPED = ["ar", "es", "fr", "ru", "zh_CN"]

# nplurals for each shipped language, and the formula gettext's own tables use.
PLURALS = {
    "ar": (6, "n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5"),
    "es": (2, "n != 1"),
    "fr": (2, "n > 1"),
    "ru": (3, "n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2"),
    "zh_CN": (1, "0"),
}

# Where translatable strings may live, and what marks them.
SOURCE_DIRS = ["app", "ui", "data", "resources"]
C_MARK = re.compile(r"(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|Q_|ngettext|g_dngettext|g_dpgettext2?|"
                    r"dngettext|g_dgettext|gettext)\s*\(\s*(?:\"|[A-Za-z_])")
UI_MARK = re.compile(r'translatable\s*=\s*"(?:yes|true|1)"')
GSCHEMA_MARK = re.compile(r"<(?:summary|description)>")
DESKTOP_MARK = re.compile(r"^(?:Name|GenericName|Comment|Keywords)=", re.M)
METAINFO_MARK = re.compile(r"<(?:name|summary|description|p|li|caption)[ >]")


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def case(self, name, problems, skip=None):
        self.n += 1
        if skip:
            print(f"ok {self.n} {name} # SKIP {skip}")
            return
        if problems:
            self.failed += 1
            print(f"not ok {self.n} {name}")
            for p in problems[:40]:
                print(f"# {p}")
            if len(problems) > 40:
                print(f"# … and {len(problems) - 40} more")
        else:
            print(f"ok {self.n} {name}")
        sys.stdout.flush()


def strip_c_comments(text):
    # Drops comments but keeps string literals, so "N_()" in a comment does not count.
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"' or c == "'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
            out.append(" ")
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def has_strings(rel):
    path = os.path.join(ROOT, rel)
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError):
        return False
    if rel.endswith((".c", ".h")):
        return bool(C_MARK.search(strip_c_comments(text)))
    if rel.endswith(".ui"):
        return bool(UI_MARK.search(text))
    if rel.endswith(".gschema.xml"):
        return bool(GSCHEMA_MARK.search(text))
    if rel.endswith(".desktop.in"):
        return bool(DESKTOP_MARK.search(text))
    if rel.endswith(".metainfo.xml.in"):
        return bool(METAINFO_MARK.search(text))
    return False


def candidates():
    for d in SOURCE_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(ROOT, d)):
            dirnames[:] = sorted(x for x in dirnames if x not in ("corpus",))
            for name in sorted(filenames):
                if name.endswith((".c", ".h", ".ui", ".gschema.xml", ".desktop.in",
                                  ".metainfo.xml.in")):
                    yield os.path.relpath(os.path.join(dirpath, name), ROOT)


def read_list(name):
    path = os.path.join(PO, name)
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [l.strip() for l in f if l.strip() and not l.lstrip().startswith("#")]


# A small .po reader: enough for the checks, independent of polib.
def unquote(s):
    s = s.strip()
    assert s.startswith('"') and s.endswith('"'), s
    body = s[1:-1]
    return (body.replace("\\n", "\n").replace("\\t", "\t").replace('\\"', '"')
                .replace("\\\\", "\\"))


def read_po(path):
    entries = []
    cur = None
    field = None

    def flush():
        if cur is not None and "msgid" in cur:
            entries.append(cur)

    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                flush()
                cur, field = None, None
                continue
            if cur is None:
                cur = {"flags": set(), "obsolete": False, "msgstr": {}, "refs": []}
            if line.startswith("#~"):
                cur["obsolete"] = True
                continue
            if line.startswith("#,"):
                cur["flags"].update(x.strip() for x in line[2:].split(","))
                continue
            if line.startswith("#:"):
                cur["refs"].extend(line[2:].split())
                continue
            if line.startswith("#"):
                continue
            m = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$", line)
            if m:
                key, idx, val = m.group(1), m.group(2), unquote(m.group(3))
                if key.startswith("msgstr"):
                    field = ("msgstr", int(idx) if idx is not None else 0)
                    cur["msgstr"][field[1]] = val
                else:
                    field = (key, None)
                    cur[key] = val
                continue
            if line.startswith('"') and field is not None:
                if field[0] == "msgstr":
                    cur["msgstr"][field[1]] += unquote(line)
                else:
                    cur[field[0]] += unquote(line)
    flush()
    return [e for e in entries if not e["obsolete"]]


# A translated format passed straight to a printf-like function: its counts
# must be grouped for the locale (dossier_locale_grouped). 64-bit conversions
# (%lld, G_GINT64_FORMAT) are identifiers, not counts.
PRINTF_CALL = re.compile(r"(?:g_strdup_printf \(|(?<![\w])printf \(|fprintf \(\w+,\s*|"
                         r"g_string_append_printf \([\w>-]+,\s*)$")
FORMAT_START = re.compile(r"(?<![\w])(?:g_dngettext \(|ngettext \(|C_ ?\(|_ ?\()")
COUNT = re.compile(r"%(?:\d+\$)?[-+ #0]*\d*(?:l|z|h|hh)?[diu]")
BARE_NUMBER = re.compile(r"g_strdup_printf \(\"%[diu]\",")


def closing_paren(text, i):
    depth, quoted, j = 0, False, i
    while j < len(text):
        c = text[j]
        if quoted:
            if c == "\\":
                j += 2
                continue
            if c == '"':
                quoted = False
        elif c == '"':
            quoted = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    return len(text) - 1


def ungrouped_counts(rel):
    with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
        text = strip_c_comments(f.read())
    found = []
    for m in FORMAT_START.finditer(text):
        if not PRINTF_CALL.search(text[max(0, m.start() - 120):m.start()]):
            continue
        expr = text[m.start():closing_paren(text, m.end() - 1) + 1]
        strings = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', expr))
        if COUNT.search(strings):
            line = text.count("\n", 0, m.start()) + 1
            found.append(f"{rel}:{line}: {strings[:60]!r} prints a count: wrap the format in "
                         "dossier_locale_grouped ()")
    for m in BARE_NUMBER.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        found.append(f"{rel}:{line}: a number printed with a bare %u: use "
                     "dossier_locale_format_number ()")
    return found


def header(entries):
    for e in entries:
        if e["msgid"] == "" and "msgctxt" not in e:
            return dict(l.split(":", 1) for l in e["msgstr"].get(0, "").splitlines() if ":" in l)
    return {}


FORMAT = re.compile(r"%(?:(\d+)\$)?[-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
                    r"(?:hh|h|ll|l|L|q|j|z|t|I64|I32|I)?([diouxXeEfFgGaAcspn%])")


def directives(s):
    """The conversions of a C format string as a sorted list of (position, kind)."""
    out = []
    seq = 0
    for m in FORMAT.finditer(s):
        if m.group(2) == "%":
            continue
        kind = m.group(2)
        kind = "d" if kind in "di" else kind
        if m.group(1):
            out.append((int(m.group(1)), kind))
        else:
            seq += 1
            out.append((seq, kind))
    return sorted(out)


# The arguments of Meson's "glib" preset (po/meson.build), so that the template made
# here is the one `ninja dossier-pot` makes.
XGETTEXT_ARGS = [
    "--from-code=UTF-8", "--add-comments=Translators",
    "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format", "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format", "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format", "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format", "--flag=g_set_error:4:c-format",
    "--flag=g_markup_printf_escaped:1:c-format", "--flag=g_log:3:c-format",
    "--flag=g_print:1:c-format", "--flag=g_printerr:1:c-format",
    "--flag=g_printf:1:c-format", "--flag=g_fprintf:2:c-format",
    "--flag=g_sprintf:2:c-format", "--flag=g_snprintf:3:c-format",
]


def make_template(tmp):
    """A template from the sources as they are now, or None if xgettext is missing."""
    out = os.path.join(tmp, "dossier.pot")
    try:
        r = subprocess.run(["xgettext", "--package-name=dossier", "--directory", ROOT,
                            "--files-from", os.path.join(PO, "POTFILES.in"), "-o", out]
                           + XGETTEXT_ARGS, capture_output=True, text=True)
    except FileNotFoundError:
        return None
    return out if r.returncode == 0 and os.path.exists(out) else None


def key(e):
    return (e.get("msgctxt"), e["msgid"])


def main():
    report = "--report" in sys.argv
    tap = Tap()
    print("TAP version 13")

    listed = read_list("POTFILES.in")
    skipped = read_list("POTFILES.skip")

    problems = []
    if listed != sorted(listed):
        for a, b in zip(listed, sorted(listed)):
            if a != b:
                problems.append(f"POTFILES.in is not sorted: “{a}” is where “{b}” belongs")
                break
    dups = sorted({x for x in listed if listed.count(x) > 1})
    problems += [f"POTFILES.in lists “{d}” twice" for d in dups]
    if skipped != sorted(skipped):
        problems.append("POTFILES.skip is not sorted")
    tap.case("/dossier/po/potfiles-sorted", problems)

    tap.case("/dossier/po/potfiles-exist",
             [f"POTFILES.in lists “{f}”, which does not exist" for f in listed
              if not os.path.exists(os.path.join(ROOT, f))] +
             [f"POTFILES.skip lists “{f}”, which does not exist" for f in skipped
              if not os.path.exists(os.path.join(ROOT, f))])

    problems = []
    for rel in candidates():
        marked = has_strings(rel)
        if marked and rel not in listed and rel not in skipped:
            problems.append(f"{rel} has translatable strings: add it to po/POTFILES.in")
    for rel in listed:
        if os.path.exists(os.path.join(ROOT, rel)) and not has_strings(rel):
            problems.append(f"{rel} has no translatable strings: remove it from po/POTFILES.in")
    for rel in set(listed) & set(skipped):
        problems.append(f"{rel} is in both POTFILES.in and POTFILES.skip")
    tap.case("/dossier/po/potfiles-complete", problems)

    linguas = read_list("LINGUAS")
    linguas = [w for l in linguas for w in l.split()]
    problems = []
    if sorted(linguas) != sorted(SHIPPED):
        problems.append(f"LINGUAS is {' '.join(linguas)}, expected {' '.join(SHIPPED)}")
    problems += [f"po/{l}.po is missing" for l in linguas
                 if not os.path.exists(os.path.join(PO, l + ".po"))]
    tap.case("/dossier/po/linguas", problems)

    pot = os.environ.get("DOSSIER_POT")
    tmpdir = tempfile.TemporaryDirectory()
    if not pot:
        pot = make_template(tmpdir.name)
    template = read_po(pot) if pot and os.path.exists(pot) else None
    template_keys = {key(e) for e in template if e["msgid"]} if template else set()

    summary = []
    for lang in SHIPPED:
        path = os.path.join(PO, lang + ".po")
        if not os.path.exists(path):
            for c in ("msgfmt", "plural-forms", "complete", "formats", "up-to-date"):
                tap.case(f"/dossier/po/{lang}/{c}", [f"po/{lang}.po is missing"])
            continue

        with tempfile.TemporaryDirectory() as tmp:
            r = subprocess.run(["msgfmt", "--check", "--check-format", "--statistics",
                                "-o", os.path.join(tmp, "x.mo"), path],
                               capture_output=True, text=True,
                               env=dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE=""))
        tap.case(f"/dossier/po/{lang}/msgfmt",
                 [] if r.returncode == 0 else r.stderr.strip().splitlines())

        entries = read_po(path)
        h = header(entries)
        problems = []
        pf = h.get("Plural-Forms", "").strip()
        m = re.match(r"nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.*?);?$", pf)
        want_n, want_expr = PLURALS[lang]
        if not m:
            problems.append(f"po/{lang}.po has no valid Plural-Forms header: “{pf}”")
        else:
            if int(m.group(1)) != want_n:
                problems.append(f"po/{lang}.po has nplurals={m.group(1)}, {lang} needs {want_n}")
            norm = lambda s: re.sub(r"[\s()]", "", s)
            if norm(m.group(2)) != norm(want_expr):
                problems.append(f"po/{lang}.po: plural={m.group(2)}, expected {want_expr}")
        if "charset=UTF-8" not in h.get("Content-Type", ""):
            problems.append(f"po/{lang}.po is not declared UTF-8")
        tap.case(f"/dossier/po/{lang}/plural-forms", problems)

        body = [e for e in entries if e["msgid"]]
        fuzzy = [e for e in body if "fuzzy" in e["flags"]]
        untranslated = [e for e in body
                        if "fuzzy" not in e["flags"] and
                        (not e["msgstr"] or any(v == "" for v in e["msgstr"].values()))]
        translated = len(body) - len(fuzzy) - len(untranslated)
        summary.append((lang, translated, len(fuzzy), len(untranslated)))
        tap.case(f"/dossier/po/{lang}/complete",
                 [f"fuzzy: {e['msgid']!r}" for e in fuzzy] +
                 [f"untranslated: {e['msgid']!r}" for e in untranslated])

        problems = []
        for e in body:
            if "c-format" not in e["flags"] or "fuzzy" in e["flags"]:
                continue
            want = directives(e["msgid"])
            want_pl = directives(e.get("msgid_plural", e["msgid"]))
            for i, s in e["msgstr"].items():
                if not s:
                    continue
                got = directives(s)
                ok = got == want or got == want_pl
                # A plural form for exactly one item may leave out the count.
                if not ok and "msgid_plural" in e:
                    ok = set(got) <= set(want_pl) and len(want_pl) - len(got) <= 1
                if not ok:
                    problems.append(f"{e['msgid']!r} [{i}]: {got} ≠ {want}")
        tap.case(f"/dossier/po/{lang}/formats", problems)

        if template is None:
            tap.case(f"/dossier/po/{lang}/up-to-date", [], skip="xgettext is not installed")
        else:
            have = {key(e) for e in body}
            tap.case(f"/dossier/po/{lang}/up-to-date",
                     [f"not in po/{lang}.po: {k[1]!r}" for k in sorted(template_keys - have,
                                                                      key=lambda k: k[1])])

    # Pieces of sentences: a translatable string with words that ends in a space, or
    # starts with a space and a word, is nearly always glued to another one in code.
    # Indentation ("  %s: …") and list separators (", ") are fine.
    problems = []
    if template:
        for e in template:
            for s in (e["msgid"], e.get("msgid_plural", "")):
                if re.search(r"[^\W\d_]{2}", s) and (s.endswith(" ") or re.match(r" +[^\W\d_]", s)):
                    problems.append(f"{' '.join(e['refs'][:2])}: {s!r} looks like a piece "
                                    "of a sentence glued to another in code")
                    break
    tap.case("/dossier/po/no-concatenation", problems)

    problems = []
    for rel in candidates():
        if rel.endswith(".c") and rel.startswith((os.path.join("app", "gui"),
                                                  os.path.join("app", "cli"))):
            problems += ungrouped_counts(rel)
    tap.case("/dossier/po/grouped-counts", problems)

    for lang, t, f, u in summary:
        total = t + f + u
        pct = 100.0 * t / total if total else 100.0
        print(f"# {lang}: {t} translated, {f} fuzzy, {u} untranslated ({pct:.1f} %)")
    if report:
        for lang in SHIPPED:
            path = os.path.join(PO, lang + ".po")
            if os.path.exists(path):
                for e in read_po(path):
                    if e["msgid"] and ("fuzzy" in e["flags"] or not all(e["msgstr"].values())):
                        print(f"{lang}\t{' '.join(e['refs'][:1])}\t{e['msgid']}")

    print(f"1..{tap.n}")
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
