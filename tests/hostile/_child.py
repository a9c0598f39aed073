"""Entry point of a sandboxed run: ``_child.py generate ...`` runs the generator's command line,
``_child.py import SRC NAME`` imports every module of the package NAME found in SRC.

Before the generator is imported: cap the address space (RLIMIT_AS) and install an audit hook
that records every network attempt to ``$SANDBOX_NET_LOG`` and then refuses it. Recording
matters: the loader turns unexpected exceptions into spec problems, so a refusal alone could
pass unnoticed.
"""

import os
import resource
import sys

NETWORK_EVENTS = frozenset(
    {
        "socket.connect",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyaddr",
        "socket.sendto",
        "socket.sendmsg",
        "urllib.Request",
        "http.client.connect",
        "ftplib.connect",
        "smtplib.connect",
    }
)

limit = int(os.environ["SANDBOX_MEMORY"])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
_log = open(os.environ["SANDBOX_NET_LOG"], "a", buffering=1, encoding="utf-8")  # noqa: SIM115


def _refuse_network(event: str, args: tuple[object, ...]) -> None:
    # urllib reading a local file (openapi-spec-validator loads its own schemas so) is no
    # network use; binding a socket is not either (urllib3 binds ::1 to probe for IPv6).
    if event in NETWORK_EVENTS and not (
        event == "urllib.Request" and str(args[0]).startswith("file:")
    ):
        _log.write(f"{event} {args!r}\n")
        raise PermissionError(f"network access refused in the sandbox: {event}")


sys.addaudithook(_refuse_network)

if sys.argv[1] == "import":
    import importlib
    import pkgutil

    sys.path.insert(0, sys.argv[2])
    package = importlib.import_module(sys.argv[3])
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(module.name)
    sys.exit(0)

from generator.__main__ import main  # noqa: E402  (after the hook, deliberately)

sys.argv[0] = "python -m generator"
sys.exit(main())
