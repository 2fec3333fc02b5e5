#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Finds Dossier's main controls the way a screen reader does, over AT-SPI.

Starts `dossier` on a fresh corpus (the five bundled documents), walks its
accessible tree and checks that the controls a user needs are there by role
and name, that no button is announced by a type name, a mnemonic underscore
or nothing, and that a column opened through AT-SPI's action interface shows a
named document. Speaks TAP; needs a D-Bus session bus (run under
`dbus-run-session`) and a display (Xvfb).
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

results = []


def tap(ok, name, diagnostic=None):
    results.append(ok)
    print(f"{'ok' if ok else 'not ok'} {len(results)} - {name}")
    if diagnostic and not ok:
        for line in str(diagnostic).splitlines():
            print(f"# {line}")
    sys.stdout.flush()


def skip_all(reason):
    print(f"1..0 # SKIP {reason}")
    sys.exit(0)


try:
    import pyatspi
except ImportError:
    skip_all("python3-pyatspi is not installed")

if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
    skip_all("no D-Bus session bus: run under dbus-run-session")
if len(sys.argv) < 2:
    print("usage: test-atspi.py PATH-TO-DOSSIER", file=sys.stderr)
    sys.exit(2)


def safe(getter, default=""):
    try:
        return getter()
    except Exception:
        return default


def children(acc):
    for i in range(safe(lambda: acc.childCount, 0)):
        child = safe(lambda: acc.getChildAtIndex(i), None)
        if child is not None:
            yield child


def walk(acc, prune=None):
    """Every descendant of @acc, depth first, skipping subtrees @prune accepts."""
    stack = [acc]
    while stack:
        node = stack.pop()
        yield node
        if prune is not None and node is not acc and prune(node):
            continue
        stack.extend(reversed(list(children(node))))


def role(acc):
    return safe(acc.getRoleName)


def name(acc):
    return safe(lambda: acc.name)


def find(root, want_role, want_name):
    for node in walk(root):
        if role(node) == want_role and name(node) == want_name:
            return node
    return None


def wait_for(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.25)
    return predicate()


def find_app(pid):
    desktop = pyatspi.Registry.getDesktop(0)
    for app in children(desktop):
        if safe(app.get_process_id, -1) == pid:
            return app
    return None


def main():
    home = tempfile.mkdtemp(prefix="dossier-atspi-")
    env = dict(os.environ)
    # The test environment turns the accessibility bridge off for the other
    # GUI tests; this one is about it.
    env.pop("NO_AT_BRIDGE", None)
    env["XDG_DATA_HOME"] = os.path.join(home, "data")
    env["XDG_CONFIG_HOME"] = os.path.join(home, "config")
    env["XDG_CACHE_HOME"] = os.path.join(home, "cache")
    env["GSETTINGS_BACKEND"] = "memory"
    env["LANGUAGE"] = "en"
    env["LC_ALL"] = "C.UTF-8"

    process = subprocess.Popen([sys.argv[1]], env=env)
    try:
        run(process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(home, ignore_errors=True)


def run(process):
    print("1..7")

    # The first start imports the bundled corpus, which takes a while on a
    # loaded machine.
    def window():
        if process.poll() is not None:
            return "exited"
        app = find_app(process.pid)
        if app is None:
            return None
        for frame in children(app):
            if role(frame) == "frame" and name(frame) == "Dossier":
                return frame
        return None

    frame = wait_for(window, 120)
    if frame == "exited":
        frame = None
    tap(frame is not None, "the application exposes a frame named Dossier",
        "no accessible application with the process id of dossier")
    if frame is None:
        for _ in range(6):
            tap(False, "skipped: no frame")
        return

    def documents_list():
        node = find(frame, "list", "Documents")
        if node is None:
            return None
        items = [c for c in children(node) if role(c) == "list item"]
        return node if len(items) >= 5 else None

    documents = wait_for(documents_list, 120)
    tap(documents is not None, "the library's list named Documents holds the five bundled documents",
        "no list named Documents with five items")

    wanted = [
        ("push button", "Show Library"),
        ("push button", "Back"),
        ("push button", "Forward"),
        ("push button", "Import Documents…"),
        ("push button", "Search the Corpus"),
        ("push button", "Open Another Column"),
        ("push button", "Show Graph"),
        ("push button", "Show Inspector"),
        ("push button", "Main Menu"),
        ("page tab", "Documents"),
        ("page tab", "Entities"),
        ("entry", "Filter Entities"),
        ("panel", "Library"),
        ("panel", "Inspector"),
        ("list", "Entities by Kind"),
        ("list", "Graph Nodes"),
        ("list", "Graph Edges"),
    ]
    missing = [f"{r} “{n}”" for r, n in wanted if find(frame, r, n) is None]
    tap(not missing, "the main controls are found by role and accessible name",
        "missing: " + ", ".join(missing))

    # Every control must say what it does, the graph's included. A control is
    # anything a user can focus or act on: those of the roles below must have
    # a name, and so must a group one can act on; a list item or a scrolled
    # area may take its name from what it holds, but none may be announced by
    # its type ("GtkPaned"). GTK 4.8 gives every label clipboard actions, so
    # labels are not controls. The rows inside a drop-down's closed pop-up are
    # GTK's own; the drop-down and its button are checked.
    controls = ("push button", "toggle button", "check box", "radio button",
                "combo box", "entry", "password text", "spin button", "slider",
                "page tab", "menu item", "check menu item", "radio menu item",
                "link", "switch", "text")

    def prune(node):
        parent = safe(lambda: node.parent, None)
        return parent is not None and role(parent) == "combo box"

    def interactive(node):
        state = safe(node.getState, None)
        focusable = state is not None and state.contains(pyatspi.STATE_FOCUSABLE)
        action = safe(node.queryAction, None)
        return focusable or (action is not None and safe(lambda: action.nActions, 0) > 0)

    bad = []
    for node in walk(frame, prune):
        r = role(node)
        if r == "label" or not (r in controls or interactive(node)):
            continue
        n = name(node)
        # A group that can be acted on (the entity tree's expanders) is
        # announced by its own name, not its row's.
        named = r in controls or r == "panel"
        if re.fullmatch(r"(Gtk|Adw|Dossier)[A-Z][A-Za-z]*", n) or \
                (named and (not n.strip() or "_" in n)):
            parent = safe(lambda: node.parent, None)
            where = f"{role(parent)} “{name(parent)}”" if parent is not None else "nothing"
            bad.append(f"{r} “{n}” in {where}")
    tap(not bad, "no control is nameless, named after its type or named with a mnemonic underscore",
        "badly named: " + ", ".join(sorted(set(bad))))

    def column():
        for node in walk(frame):
            n = name(node)
            if role(node) == "panel" and n.startswith("Document "):
                return node
        return None

    # Open a column the way an assistive technology would: by the button's
    # action. The new column picks a document and names itself after it.
    had_column = column() is not None
    button = find(frame, "push button", "Open Another Column")
    clicked = False
    if button is not None:
        action = safe(button.queryAction, None)
        if action is not None and action.nActions > 0:
            clicked = safe(lambda: action.doAction(0), False)
    tap(bool(clicked) and not had_column,
        "the window starts without a column, and “Open Another Column” can be activated through AT-SPI")

    view = wait_for(column, 60)
    tap(view is not None, "a document column named “Document …” appears",
        "no panel whose name starts with “Document ”")

    text = None
    if view is not None:
        title = name(view)[len("Document "):]
        text = wait_for(lambda: next((n for n in walk(view)
                                      if role(n) == "text" and name(n) == f"Text of {title}"), None), 30)
    tap(text is not None and safe(lambda: text.queryText().characterCount, 0) > 100,
        "the column's text is exposed as “Text of …” with the document's words")


if __name__ == "__main__":
    main()
    sys.exit(0 if all(results) else 1)
