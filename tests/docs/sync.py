#!/usr/bin/env python3
"""tests/docs/sync.py - keep the help, the man page and the shell completions
in step.

    sync.py PROGDB SOURCE_ROOT

The help the binary prints is the reference: 'progdb --help' names the
commands, the environment and the exit statuses, and 'progdb help CMD' each
command's options and --format values.  Checks that

  - man/progdb.1 has an entry (.It Cm NAME) for every command and none
    more, that every option of a command is in that command's entry (and no
    option it does not have), its --format values too, and the common and
    global options in DESCRIPTION;
  - its ENVIRONMENT names every variable of --help and every getenv() in
    src/, and its EXIT STATUS lists exactly the statuses of --help and of
    include/progdb/exit.h;
  - mandoc -T lint has nothing to say (but for manuals this machine lacks),
    and mandoc and man -l render it;
  - completions/progdb.bash and completions/_progdb offer exactly these
    commands, options and --format values: each is run, bash directly and
    zsh through zsh/zpty when zsh is installed.

Prints one line per problem and exits 1 if there is any; exits 77 (skip)
when all that could be checked passed but mandoc is not installed.
"""
import glob
import os
import re
import shutil
import subprocess
import sys

FORMATS = ("text", "md", "json", "csv", "html", "tsv", "github", "sarif")
# Variables progdb reads without a getenv() of its own (libc does).
LIBC_ENV = ("TZ", "LC_ALL")

errors = []


def error(msg):
    errors.append(msg)
    print("sync: " + msg)


def run(argv, **kw):
    return subprocess.run(argv, capture_output=True, text=True, timeout=120,
                          **kw)


# ---- the help text ----

def help_sections(text):
    """Maps each 'Header:' of a help text to the indented lines under it."""
    sections, cur = {}, None
    for line in text.splitlines():
        if line and not line[0].isspace():
            cur = line[:-1] if line.endswith(":") else None
            if cur is not None:
                sections[cur] = []
        elif cur is not None:
            sections[cur].append(line)
    return sections


OPT_RE = re.compile(r"(--?[A-Za-z0-9][A-Za-z0-9-]*)(?:[ =]([A-Z][A-Z0-9_=]*)\b)?")


def parse_options(lines):
    """Returns {option: (takes_value, description, aliases)} from an
    Options block: entries start '  -x, --long ARG  description',
    continuation lines are indented further."""
    opts, names = {}, []
    for line in lines:
        s = line.strip()
        if line.startswith("  -"):
            names, pos, arg = [], 0, False
            while True:
                m = OPT_RE.match(s, pos)
                if not m:
                    break
                names.append(m.group(1))
                arg = arg or m.group(2) is not None
                pos = m.end()
                if s.startswith(", ", pos):
                    pos += 2
                    continue
                break
            for n in names:
                opts[n] = (arg, s[pos:], tuple(names))
        elif s and names:
            for n in names:
                opts[n] = (arg, opts[n][1] + " " + s, tuple(names))
    return opts


def formats_of(desc):
    return {f for f in FORMATS if re.search(r"\b%s\b" % f, desc)}


def read_help(progdb):
    r = run([progdb, "--help"])
    if r.returncode != 0:
        error("progdb --help exits %d" % r.returncode)
    main = help_sections(r.stdout)
    usage = []
    for line in r.stdout.splitlines():
        if not line.strip():
            break
        usage.append(line)
    info = {
        "commands": [l.split()[0] for l in main.get("Commands", []) if l.strip()],
        "env": [l.split()[0] for l in main.get("Environment", []) if l.strip()],
        "exit": {int(l.split()[0]) for l in main.get("Exit status", [])
                 if l.strip()},
        "global": set(re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", " ".join(usage))),
        "cmds": {},
    }
    if not info["commands"]:
        error("progdb --help lists no commands")
    for c in info["commands"]:
        r = run([progdb, "help", c])
        if r.returncode != 0:
            error("progdb help %s exits %d" % (c, r.returncode))
        sec = help_sections(r.stdout)
        own = parse_options(sec.get("Options", []))
        common = parse_options(sec.get("Common options", []))
        fmts = formats_of(own["--format"][1]) if "--format" in own else set()
        if "--format" in own and not fmts:
            error("help %s: no format named for --format" % c)
        info["cmds"][c] = {"own": own, "common": common, "formats": fmts}
    return info


# ---- the man page ----

def man_sections(lines):
    sections, cur = {}, None
    for line in lines:
        if line.startswith(".Sh "):
            cur = line[4:].strip().strip('"')
            sections[cur] = []
        elif cur is not None:
            sections[cur].append(line)
    return sections


MACRO_RE = re.compile(r"^[A-Z][a-z][a-z]?$|^%[A-Z]$")
DELIMS = {"|", ",", ";", ":", ".", "(", ")", "[", "]", "!", "?"}


def macro_args(lines, macro):
    """Every argument given to MACRO (Fl, Cm, Ev, ...) on mdoc lines: the
    words after it up to the next macro name, delimiters skipped."""
    out = []
    for line in lines:
        if not line.startswith(".") or line.startswith('.\\"'):
            continue
        on = False
        for w in line[1:].replace('"', " ").split():
            if MACRO_RE.match(w):
                on = w == macro
                if on and macro == "Fl":
                    out.append("-")  # a bare .Fl
            elif on and w not in DELIMS:
                if macro == "Fl":
                    out[-1] = "-" + w
                    out.append("-")
                else:
                    out.append(w.replace("\\&", ""))
    return [a for a in out if a != "-"]


def command_entries(desc, names):
    """Finds the .Bl list in DESCRIPTION whose .It entries are commands
    (.It Cm NAME, or .It Xo then .Cm NAME) and returns {name: lines}."""
    stack, lists = [], {}
    for i, line in enumerate(desc):
        if line.startswith(".Bl"):
            stack.append(i)
            lists[i] = []
        elif line.startswith(".El") and stack:
            lists[stack.pop()].append(("end", i))
        elif line.startswith(".It") and stack:
            w = line.split()
            name = None
            if len(w) > 2 and w[1] == "Cm":
                name = w[2]
            elif len(w) > 1 and w[1] == "Xo" and i + 1 < len(desc):
                n = desc[i + 1].split()
                if len(n) > 1 and n[0] == ".Cm":
                    name = n[1]
            lists[stack[-1]].append((name, i))
    best = max(lists.values(), default=[],
               key=lambda l: sum(1 for n, _ in l if n in names))
    entries = {}
    for k, (name, i) in enumerate(best):
        if name == "end":
            break
        entries.setdefault(name, desc[i:best[k + 1][1]])
    return entries, best


def check_man(root, info):
    path = os.path.join(root, "man", "progdb.1")
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    sec = man_sections(lines)
    for s in ("NAME", "SYNOPSIS", "DESCRIPTION", "ENVIRONMENT", "FILES",
              "EXIT STATUS", "EXAMPLES", "SEE ALSO"):
        if s not in sec:
            error("man: no %s section" % s)
    desc = sec.get("DESCRIPTION", [])
    entries, cmdlist = command_entries(desc, info["commands"])
    for c in info["commands"]:
        if c not in entries:
            error("man: command '%s' has no entry (.It Cm %s)" % (c, c))
    for c in entries:
        if c not in info["cmds"]:
            error("man: documents '%s', which progdb --help does not list" % c)

    # Common options of every command, and the global ones, outside the
    # command entries.
    first = cmdlist[0][1] if cmdlist else len(desc)
    general = set(macro_args(desc[:first], "Fl"))
    common = set(info["global"])
    for c in info["cmds"].values():
        common |= set(c["common"])
    for o in sorted(common):
        if o not in general:
            error("man: common option %s is not in DESCRIPTION" % o)

    for c, ent in entries.items():
        if c not in info["cmds"]:
            continue
        h = info["cmds"][c]
        # The entry's head (.It Xo ... .Xc) is its synopsis; each option
        # also needs an item (.It Fl ...) of its own below it.
        n = 1
        if ent[0].split()[1:2] == ["Xo"]:
            while n < len(ent) and not ent[n - 1].startswith(".Xc"):
                n += 1
        synopsis = set(macro_args(ent[:n], "Fl"))
        items = set(macro_args([l for l in ent[n:] if l.startswith(".It ")],
                               "Fl"))
        flags = set(macro_args(ent, "Fl"))
        for o in h["own"]:
            if not synopsis & set(h["own"][o][2]):  # -p or --param
                error("man: %s: option %s is not in its synopsis" % (c, o))
            if o not in items:
                error("man: %s: option %s has no .It Fl item" % (c, o))
        for o in sorted(flags - set(h["own"]) - common):
            error("man: %s: documents %s, which 'progdb help %s' does not"
                  % (c, o, c))
        cms = set(macro_args(ent, "Cm"))
        for f in sorted(h["formats"] - cms):
            error("man: %s: --format value %s is missing" % (c, f))

    env = set(macro_args(sec.get("ENVIRONMENT", []), "Ev"))
    want = set(info["env"]) | set(LIBC_ENV)
    for src in sorted(glob.glob(os.path.join(root, "src", "**", "*.c"),
                                recursive=True)):
        with open(src, encoding="utf-8") as f:
            want |= set(re.findall(r'getenv\("(\w+)"\)', f.read()))
    for v in sorted(want - env):
        error("man: ENVIRONMENT does not describe %s" % v)

    man_exit = {int(l.split()[1]) for l in sec.get("EXIT STATUS", [])
                if re.match(r"\.It \d+\s*$", l)}
    with open(os.path.join(root, "include", "progdb", "exit.h")) as f:
        enum = {int(v) for v in re.findall(r"PDB_EXIT_\w+\s*=\s*(\d+)", f.read())}
    if not enum:
        error("exit.h: no PDB_EXIT_ values found")
    for name, got in (("man EXIT STATUS", man_exit),
                      ("progdb --help", info["exit"])):
        if got != enum:
            error("%s lists exit statuses %s, exit.h has %s"
                  % (name, sorted(got), sorted(enum)))
    return path


def check_render(path, info):
    """mandoc -T lint, then renders with mandoc and man.  Returns False when
    mandoc is not installed."""
    if shutil.which("mandoc") is None:
        print("sync: mandoc is not installed (scripts/setup --test): "
              "lint and rendering not checked")
        return False
    r = run(["mandoc", "-T", "lint", "-W", "style", path])
    for line in (r.stdout + r.stderr).splitlines():
        # Which other manuals exist depends on the machine.
        if "referenced manual not found" in line or "mandoc.db" in line:
            continue
        error("mandoc -T lint: " + line)
    r = run(["mandoc", "-T", "ascii", path])
    out = re.sub(".\b", "", r.stdout)  # no overstrike (bold, underline)
    if r.returncode != 0 or len(out.splitlines()) < 100:
        error("mandoc -T ascii: exit %d, %d lines" % (r.returncode,
                                                      len(out.splitlines())))
    for word in ["NAME", "SYNOPSIS", "EXIT STATUS"] + info["commands"]:
        if word not in out:
            error("mandoc -T ascii: '%s' not in the output" % word)
    if shutil.which("man") is not None:
        env = dict(os.environ, MANPAGER="cat", PAGER="cat", MANWIDTH="80")
        r = run(["man", "-l", path], env=env)
        if r.returncode != 0 or "progdb" not in r.stdout or \
                len(r.stdout.splitlines()) < 100:
            error("man -l: exit %d, %d lines: %s" % (r.returncode,
                  len(r.stdout.splitlines()), r.stderr.strip()))
    return True


# ---- the completions ----

def completion_cases(info):
    """(line to complete, words expected, exact?) for both shells."""
    cases = [("progdb ", set(info["commands"]), True),
             ("progdb -", set(info["global"]), False),
             ("progdb help ", set(info["commands"]), True)]
    for c, h in info["cmds"].items():
        cases.append(("progdb %s -" % c, set(h["own"]) | set(h["common"]),
                      True))
        if h["formats"]:
            cases.append(("progdb %s --format " % c, h["formats"], True))
    return cases


BASH_DRIVER = r'''
source "$1"; shift
for line in "$@"; do
	read -ra COMP_WORDS <<<"$line"
	[[ $line == *" " ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE=$line COMP_POINT=${#line}
	COMPREPLY=()
	_progdb
	printf '%s\n' "== $line" "${COMPREPLY[@]}"
done
'''

ZSH_DRIVER = r'''
zmodload zsh/zpty || exit 77
zpty z zsh -f -i
zpty -w z "PROMPT=''; RPROMPT=''; fpath=(${(q)1} \$fpath); autoload -U compinit; compinit -u -D"
# compadd reports what it is given; TAB completes, prints <<END>>, clears.
zpty -w z 'compadd() { if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi; local -a h; builtin compadd -A h "$@"; (( $#h )) && print -r -- "<<${(j: :)h}>>"; builtin compadd "$@"; }'
zpty -w z '_t() { zle complete-word; print -r -- "<<END>>"; BUFFER=; CURSOR=0; }; zle -N _t'
zpty -w z "zstyle ':completion:*' list-grouped false; zstyle ':completion:*' insert-tab false; bindkey '^I' _t; print READY"
while zpty -r z line; do [[ $line == READY* ]] && break; done
shift
for l in "$@"; do
	print -r -- "== $l"
	zpty -w -n z "$l"$'\t'
	while zpty -r z line; do
		[[ $line == *'<<END>>'* ]] && break
		[[ $line == *'<<'*'>>'* ]] && { l=${line#*<<}; print -r -- ${l%%>>*}; }
	done
done
zpty -d z
'''


def parse_results(out):
    res, cur = {}, None
    for line in out.splitlines():
        if line.startswith("== "):
            cur = line[3:]
            res[cur] = set()
        elif cur is not None:
            res[cur] |= set(line.split())
    return res


def compare(shell, cases, res):
    for line, want, exact in cases:
        got = res.get(line)
        if got is None:
            error("%s: no answer for '%s'" % (shell, line))
            continue
        for w in sorted(want - got):
            error("%s: '%s' does not offer %s" % (shell, line, w))
        if exact:
            for w in sorted(got - want):
                error("%s: '%s' offers %s, which the help does not list"
                      % (shell, line, w))


def check_bash(root, cases):
    comp = os.path.join(root, "completions", "progdb.bash")
    r = run(["bash", "-c", BASH_DRIVER, "bash", comp] + [c[0] for c in cases])
    if r.returncode != 0 or r.stderr:
        error("bash completion: exit %d: %s" % (r.returncode, r.stderr.strip()))
    compare("bash", cases, parse_results(r.stdout))
    # Options that take a value must be known as such, or their value is
    # completed as if it were an option or a command.
    with open(comp, encoding="utf-8") as f:
        m = re.search(r'_progdb_argopts="([^"]*)"', f.read())
    argopts = set(m.group(1).split()) if m else set()
    return argopts


def check_zsh(root, cases):
    if shutil.which("zsh") is None:
        print("sync: zsh is not installed: zsh completion not run")
        return
    comp = os.path.join(root, "completions")
    r = run(["zsh", "-n", os.path.join(comp, "_progdb")])
    if r.returncode != 0:
        error("zsh -n _progdb: " + r.stderr.strip())
        return
    try:
        r = run(["zsh", "-f", "-c", ZSH_DRIVER, "zsh", comp] +
                [c[0] for c in cases])
    except subprocess.TimeoutExpired:
        error("zsh completion: timed out")
        return
    if r.returncode == 77:
        print("sync: zsh has no zsh/zpty: zsh completion not run")
        return
    compare("zsh", cases, parse_results(r.stdout))


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: sync.py PROGDB SOURCE_ROOT")
    progdb, root = sys.argv[1], sys.argv[2]
    os.environ["LC_ALL"] = "C"
    info = read_help(progdb)
    path = check_man(root, info)
    have_mandoc = check_render(path, info)
    cases = completion_cases(info)
    argopts = check_bash(root, cases)
    for c, h in info["cmds"].items():
        for o, (arg, _, _) in list(h["own"].items()) + list(h["common"].items()):
            if arg and o not in argopts:
                error("bash: %s takes a value but is not in _progdb_argopts"
                      % o)
    check_zsh(root, cases)
    if errors:
        print("sync: %d problem(s)" % len(errors))
        return 1
    print("sync: %d commands: help, man page and completions agree"
          % len(info["commands"]))
    return 0 if have_mandoc else 77


if __name__ == "__main__":
    sys.exit(main())
