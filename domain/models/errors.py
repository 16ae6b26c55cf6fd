class ModelError(Exception):
    """A command on the workspace's models or connections was refused."""


class ModelNotFoundError(ModelError):
    def __init__(self, model_id: str) -> None:
        super().__init__(f"model {model_id!r} not found")
        self.model_id = model_id


class ForeignPresetError(ModelNotFoundError):
    """The preset exists but is not shared with the caller: to them it is not found, and the
    attempt is recorded as a refusal."""

    def __init__(self, model_id: str, actor_id: str) -> None:
        super().__init__(model_id)
        self.actor_id = actor_id


class UnusableBaseModelError(ModelError):
    """A preset may only be built on a model its author may use."""

    def __init__(self, base_model_id: str) -> None:
        super().__init__(f"you may not build a model on {base_model_id!r}: it is not shared with you")
        self.base_model_id = base_model_id


class ModelAccessDeniedError(ModelError):
    """The caller may see the model but not do this to it."""

    def __init__(self, model_id: str) -> None:
        super().__init__(f"not allowed to change model {model_id!r}")
        self.model_id = model_id


class ModelIdTakenError(ModelError):
    def __init__(self, model_id: str) -> None:
        super().__init__(f"the model id {model_id!r} is already taken; choose another")
        self.model_id = model_id


class PresetOnPresetError(ModelError):
    """A preset is built on a base model. One built on another preset would have no model to answer
    (the app offers base models only), and would repeat that preset's id, its creator's text."""

    def __init__(self, model_id: str, base_model_id: str) -> None:
        super().__init__(f"{model_id!r} cannot be built on {base_model_id!r}: that is a model preset, "
                         "not a base model")
        self.model_id = model_id
        self.base_model_id = base_model_id


class InvalidModelIdError(ModelError):
    def __init__(self, model_id: str) -> None:
        super().__init__("a model id must be 1 to 256 characters without spaces")
        self.model_id = model_id


class InvalidConnectionError(ModelError):
    def __init__(self, url: str, problem: str) -> None:
        super().__init__(f"{url!r} cannot be a connection's URL: {problem}")
        self.url = url


class InvalidConnectionConfigError(ModelError):
    def __init__(self, index: int, name: str, value: object) -> None:
        super().__init__(f"connection {index}: {name} cannot be {value!r}")
        self.index, self.name = index, name


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
