"""Make sure the browser tests have Chromium (Debian's package; Playwright never downloads a browser).

Installs it with apt-get when running as root on Debian/Ubuntu; otherwise says how, and the browser
tests skip themselves (outside CI) so the rest of the suite still runs.
"""

import os
import shutil
import subprocess
import sys

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def main() -> int:
    if os.path.exists(CHROMIUM):
        return 0
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        print("Chromium ontbreekt; installeren met apt-get …", flush=True)
        omgeving = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=omgeving)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True, env=omgeving)
        return 0
    print(
        f"Let op: geen Chromium op {CHROMIUM}. Installeer het pakket 'chromium' (of zet CHROMIUM_PATH); "
        "tot dan worden de browsertests overgeslagen.",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
