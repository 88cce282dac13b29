from typing import Any, Dict, Iterator, Union
import os

from . import gtpv1 as gtpv1, gtpv2 as gtpv2, makr as makr, s1ap as s1ap, security as security, x2ap as x2ap

def read_capture(path: Union[str, os.PathLike], batch_rows: int = 8192, show_keys: bool = False) -> Iterator[Any]: ...
def messages(path: Union[str, os.PathLike], show_keys: bool = False) -> Iterator[Dict[str, Any]]: ...
