class ModelError(Exception):
    """A command on the workspace's models or connections was refused."""


class ModelNotFoundError(ModelError):
    def __init__(self, model_id: str) -> None:
        super().__init__(f"model {model_id!r} not found")
        self.model_id = model_id


class ModelAccessDeniedError(ModelError):
    """The caller may see the model but not do this to it."""

    def __init__(self, model_id: str) -> None:
        super().__init__(f"not allowed to change model {model_id!r}")
        self.model_id = model_id


class ModelIdTakenError(ModelError):
    def __init__(self, model_id: str) -> None:
        super().__init__(f"the model id {model_id!r} is already taken; choose another")
        self.model_id = model_id


class InvalidModelIdError(ModelError):
    def __init__(self, model_id: str) -> None:
        super().__init__("a model id must be 1 to 256 characters without spaces")
        self.model_id = model_id


class InvalidConnectionError(ModelError):
    def __init__(self, url: str) -> None:
        super().__init__(f"a connection needs an http:// or https:// URL, got {url!r}")
        self.url = url


class InvalidTaskSettingError(ModelError):
    def __init__(self, name: str, value: object) -> None:
        super().__init__(f"{name} cannot be {value!r}: it is not a task setting, or not of its type")
        self.name = name


class UnknownTaskModelError(ModelError):
    def __init__(self, model_id: str) -> None:
        super().__init__(f"there is no model {model_id!r} to run tasks with; choose one from the model list")
        self.model_id = model_id


class InvalidModelDefaultError(ModelError):
    def __init__(self, name: str, value: object) -> None:
        super().__init__(f"{name} cannot be {value!r}: it is not a model default, or not of its type")
        self.name = name


class InvalidModelParamError(ModelError):
    def __init__(self, name: str, value: object, kinds: str) -> None:
        reason = f"must be {kinds}" if kinds else "is not a model parameter"
        super().__init__(f"the default model parameter {name} {reason}; got {value!r}. Nothing was changed.")
        self.name = name
