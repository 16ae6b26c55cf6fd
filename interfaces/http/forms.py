"""Request bodies: strict structs (unknown fields are refused) with size limits on every string."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

Email = Annotated[str, msgspec.Meta(min_length=3, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")]
Password = Annotated[str, msgspec.Meta(min_length=1, max_length=1024)]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=255)]
Text = Annotated[str, msgspec.Meta(max_length=10_000)]
ImageUrl = Annotated[str, msgspec.Meta(max_length=2_000_000)]  # the SPA sends data: URLs
Role = Annotated[str, msgspec.Meta(pattern="^(pending|user|admin)$")]


class Form(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    pass


class SignupForm(Form):
    name: Name
    email: Email
    password: Password
    profile_image_url: ImageUrl = "/user.png"


class SigninForm(Form):
    email: Email
    password: Password


class AddUserForm(Form):
    name: Name
    email: Email
    password: Password
    role: Role = "pending"
    profile_image_url: ImageUrl = "/user.png"


class UpdateProfileForm(Form):
    name: Name
    profile_image_url: ImageUrl = "/user.png"
    bio: Text | None = None
    gender: Annotated[str, msgspec.Meta(max_length=100)] | None = None
    date_of_birth: Annotated[str, msgspec.Meta(max_length=32)] | None = None


class UpdatePasswordForm(Form):
    password: Password
    new_password: Password


class UpdateTimezoneForm(Form):
    timezone: Annotated[str, msgspec.Meta(max_length=100)]


class UserUpdateForm(Form):
    role: Role | None = None
    name: Name | None = None
    email: Email | None = None
    profile_image_url: ImageUrl | None = None
    password: Password | None = None


class AdminAuthConfigForm(Form):
    """Open WebUI's admin config: the SPA posts back what it read, with its edits."""

    ENABLE_MFA: bool = False
    MFA_ALLOW_OAUTH_BYPASS: bool = False
    MFA_ALLOW_TRUSTED_HEADER_BYPASS: bool = False
    SHOW_ADMIN_DETAILS: bool = True
    ADMIN_EMAIL: str | None = None
    WEBUI_URL: str = ""
    ENABLE_LOGIN_FORM: bool = True
    ENABLE_SIGNUP: bool = True
    ENABLE_API_KEYS: bool = False
    ENABLE_API_KEYS_ENDPOINT_RESTRICTIONS: bool = False
    API_KEYS_ALLOWED_ENDPOINTS: str = ""
    DEFAULT_USER_ROLE: Role = "pending"
    DEFAULT_GROUP_ID: str = ""
    DEFAULT_INTERFACE_SETTINGS: dict[str, Any] | None = None
    I18N: dict[str, dict[str, str]] = {}
    JWT_EXPIRES_IN: str = "4w"
    ENABLE_COMMUNITY_SHARING: bool = False
    ENABLE_MESSAGE_RATING: bool = False
    ENABLE_FOLDERS: bool = True
    FOLDER_MAX_FILE_COUNT: int | str | None = ""
    AUTOMATION_MAX_COUNT: int | str | None = ""
    AUTOMATION_MIN_INTERVAL: int | str | None = ""
    ENABLE_AUTOMATIONS: bool = False
    ENABLE_CHANNELS: bool = False
    ENABLE_ENCRYPTED_CHANNELS: bool = False
    ENABLE_APPS: bool = False
    CHANNEL_MODEL_RESPONSE_MODE: str = "thread"
    ENABLE_CALENDAR: bool = False
    ENABLE_MEMORIES: bool = True
    ENABLE_MEMORY_SYSTEM_CONTEXT: bool = False
    ENABLE_SKILL_LAZY_LOADING: bool = False
    SKILL_CONTENT_MAX_CHARS: int | None = None
    SKILL_PREVIEW_MAX_CHARS: int | None = None
    ENABLE_NOTES: bool = False
    ENABLE_USER_WEBHOOKS: bool = False
    ENABLE_USER_STATUS: bool = True
    PENDING_USER_OVERLAY_TITLE: str | None = None
    PENDING_USER_OVERLAY_CONTENT: str | None = None
    RESPONSE_WATERMARK: str | None = None


class HoldForm(Form):
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=1000)]
