"""`python -m sselint`: runs the binary pip installed as this package's script, with the same arguments."""
import os
import sys
import sysconfig


def find_sselint_bin() -> str:
    """The sselint binary of this installation: the scripts directory of the environment (or the user's)."""
    exe = "sselint" + (sysconfig.get_config_var("EXE") or "")
    candidates = [os.path.join(sysconfig.get_path("scripts"), exe)]
    user = sysconfig.get_path("scripts", f"{os.name}_user") if os.name == "posix" else None
    if user:
        candidates.append(os.path.join(user, exe))
    candidates.append(os.path.join(os.path.dirname(sys.executable), exe))
    # `pip install --target DIR` puts the package in DIR and the script in DIR/bin.
    candidates.append(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bin", exe))
    for path in candidates:
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    raise FileNotFoundError(f"sselint binary not found in {', '.join(candidates)}")


if __name__ == "__main__":
    try:
        binary = find_sselint_bin()
    except FileNotFoundError as e:
        sys.stderr.write(f"sselint: {e}\n")
        sys.exit(2)
    os.execv(binary, [binary, *sys.argv[1:]])
