from typing import Any, Dict, Tuple

TYPES: Tuple[str, ...]

def decode(data: bytes, type: str, show_keys: bool = False) -> Dict[str, Any]: ...
