"""Files the actions read and write on the Home Assistant host (run in the executor).

Only inside ``allowlist_external_dirs``, never in the configuration folder's
``www/`` (served without login under ``/local/``). A file is written through a
temporary file in the same folder, with mode 0600, without following links,
and takes its place atomically; an existing file is replaced only when asked.
"""

from __future__ import annotations

import os
from pathlib import Path
import secrets

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError

from .const import DOMAIN


def _refusal(key: str, **placeholders: object) -> ServiceValidationError:
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders={name: str(value) for name, value in placeholders.items()},
    )


def _failure(key: str, path: str, err: OSError) -> HomeAssistantError:
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders={"path": path, "error": err.strerror or type(err).__name__},
    )


def _checked(hass: HomeAssistant, path: str, real: Path) -> Path:
    """``real`` if it is allowed and not published under ``/local/``."""
    www = Path(os.path.realpath(hass.config.path("www")))
    if real == www or www in real.parents:
        raise _refusal("path_published", path=path)
    if not hass.config.is_allowed_path(str(real)):
        raise _refusal("path_not_allowed", path=path)
    return real


def allowed_path(hass: HomeAssistant, path: str) -> Path:
    """The real path of an existing file or folder the person named, if allowed."""
    return _checked(hass, path, Path(os.path.realpath(hass.config.path(path))))


def read_file(hass: HomeAssistant, path: str, max_bytes: int) -> bytes:
    """Read a file of at most ``max_bytes``."""
    file = allowed_path(hass, path)
    if not file.is_file():
        raise _refusal("file_not_found", path=path)
    try:
        with file.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as err:
        raise _failure("file_read_failed", path, err) from err
    if len(data) > max_bytes:
        raise _refusal("file_too_large", path=path, max_megabytes=max_bytes // (1024 * 1024))
    return data


def destination(hass: HomeAssistant, path: str, default_name: str) -> Path:
    """Where to write: ``path`` itself, or ``default_name`` in it when it is a folder."""
    named = Path(hass.config.path(path))
    if named.is_dir():
        return _checked(hass, path, Path(os.path.realpath(named)) / default_name)
    folder = Path(os.path.realpath(named.parent))
    if not folder.is_dir():
        raise _refusal("folder_not_found", path=path)
    return _checked(hass, path, folder / named.name)


def check_destination(
    hass: HomeAssistant, path: str, default_name: str, *, overwrite: bool
) -> Path:
    """Where :func:`write_file` would write; refuse now what it would refuse then."""
    file = destination(hass, path, default_name)
    if not overwrite and os.path.lexists(file):
        raise _refusal("file_exists", path=str(file))
    return file


def _link_new(temporary: Path, file: Path) -> None:
    """Give the written file its name, failing if anything has that name by now."""
    try:
        os.link(temporary, file)
    except FileExistsError:
        raise
    except OSError:
        # A file system without hard links: the check above has to do.
        if os.path.lexists(file):
            raise FileExistsError(file) from None
        temporary.replace(file)


def write_file(
    hass: HomeAssistant, path: str, data: bytes, default_name: str, *, overwrite: bool
) -> str:
    """Write ``data`` privately and atomically; refuse an existing file unless ``overwrite``."""
    file = check_destination(hass, path, default_name, overwrite=overwrite)
    temporary = file.with_name(f".{file.name}.{secrets.token_hex(4)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(temporary, flags, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        if overwrite:
            temporary.replace(file)  # replaces a link itself, never its target
        else:
            _link_new(temporary, file)
    except FileExistsError as err:
        raise _refusal("file_exists", path=str(file)) from err
    except OSError as err:
        raise _failure("file_write_failed", path, err) from err
    finally:
        if os.path.lexists(temporary):
            temporary.unlink()
    return str(file)
