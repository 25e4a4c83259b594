# shellcheck shell=bash disable=SC2034  # the variables are for the scripts that source this
# The cached virtual environments of scripts/test and scripts/bench: one place
# that knows where they live, how they are keyed and how they are built, so
# both scripts find (and build) the same venv. Sourced, not run:
#
#   source "$REPO/scripts/lib/venv.sh"
#
# Sets ASTROS_OLDEST_PY, ASTROS_OLDEST_REQ, ASTROS_CURRENT_PY, ASTROS_CURRENT_REQ
# and provides:
#   venv_cache_dir                  prints the cache directory (created)
#   venv_pick_python X.Y [OVERRIDE] prints a Python X.Y: OVERRIDE when given,
#                                   else scripts/lib/find-python. Exit 1: none
#                                   found; exit 3: OVERRIDE does not run.
#   venv_prepare LABEL PYTHON REQUIREMENTS
#                                   sets VENV_RESULT to the cached venv
#                                   CACHE/venv-LABEL-KEY holding the
#                                   requirements' exact pins, building it when
#                                   missing, and keeps a shared lock on it for
#                                   the rest of the calling process (so no
#                                   concurrent run prunes it). Call it in the
#                                   main shell, not in $( ... ).
# Messages go to stderr. KEY hashes VENV_FORMAT, the interpreter and the
# requirements file: change any of them and the next run builds a new venv
# (and removes the old ones of that label nobody is using).

VENV_LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
VENV_REPO="$(cd "$VENV_LIB_DIR/../.." && pwd -P)"

VENV_FORMAT=1  # bump to rebuild every cached venv
ASTROS_OLDEST_PY=3.13
ASTROS_OLDEST_REQ="$VENV_REPO/requirements_test.txt"
ASTROS_CURRENT_PY=3.14
ASTROS_CURRENT_REQ="$VENV_REPO/requirements_test_current.txt"

venv_note() { printf '    %s\n' "$*" >&2; }

venv_cache_dir() {
    local cache
    if [[ -n "${ASTROS_CACHE_DIR:-}" ]]; then
        cache="$ASTROS_CACHE_DIR"
    elif [[ "$(id -u)" == 0 ]]; then
        cache=/var/cache/astros-test
    else
        cache="${XDG_CACHE_HOME:-$HOME/.cache}/astros-test"
    fi
    mkdir -p "$cache"
    (cd "$cache" && pwd -P)
}

venv_pick_python() {
    local want="$1" override="${2:-}"
    if [[ -n "$override" ]]; then
        local v
        v="$("$override" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" ||
            return 3
        [[ "$v" == "$want" ]] || printf 'WARNING: %s is Python %s, not %s\n' "$override" "$v" "$want" >&2
        printf '%s\n' "$override"
        return 0
    fi
    "$VENV_LIB_DIR/find-python" "$want"
}

_venv_have_flock=0
command -v flock >/dev/null && _venv_have_flock=1

VENV_RESULT=""
venv_prepare() {
    local label="$1" py="$2" req="$3"
    local cache pyid key dir fd
    cache="$(venv_cache_dir)"
    pyid="$("$py" -c 'import sys; print(sys.executable, sys.version)')"
    key="$( { printf 'format=%s\n%s\n' "$VENV_FORMAT" "$pyid"; cat "$req"; } |
        sha256sum | cut -c1-16)"
    dir="$cache/venv-$label-$key"
    if ((_venv_have_flock)); then
        exec {fd}>"$dir.lock"
        flock -x "$fd"
    fi
    if [[ -f "$dir/.astros-complete" ]]; then
        venv_note "using the cached venv $dir"
    else
        local t0=$SECONDS log="$dir.log"
        venv_note "creating $dir and installing $(basename "$req") (log: $log)"
        rm -rf -- "$dir"
        if ! { "$py" -m venv "$dir" &&
            "$dir/bin/python" -m pip install --disable-pip-version-check \
                -r "$req"; } >"$log" 2>&1; then
            tail -n 25 "$log" | cut -c1-300 | sed 's/^/    /' >&2
            venv_note "installing $(basename "$req") with $py failed (log: $log)"
            rm -rf -- "$dir"
            return 1
        fi
        date -u +%FT%TZ >"$dir/.astros-complete"
        venv_note "installed in $((SECONDS - t0))s"
        _venv_prune "$cache" "$label" "$key"
    fi
    if ((_venv_have_flock)); then
        flock -s "$fd"
    fi
    VENV_RESULT="$dir"
}

# Removes the cached venvs of LABEL with other keys that nobody is using.
_venv_prune() {
    local cache="$1" label="$2" key="$3" d k fd
    ((_venv_have_flock)) || return 0
    for d in "$cache/venv-$label-"*; do
        [[ -d "$d" ]] || continue
        k="${d##*-}"
        [[ "$k" == "$key" ]] && continue
        exec {fd}>"$d.lock"
        if flock -n -x "$fd"; then
            rm -rf -- "$d" "$d.log"
        fi
        exec {fd}>&-
    done
}
