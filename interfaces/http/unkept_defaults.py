"""The settings in force for features Annals does not have yet, in the shapes Open WebUI's admin
pages read: every switch off, no engine or server. Where the app itself can do the work in the
browser, that is what is in force: speech is the browser's Web Speech API (speech-to-text engine
``web``, text-to-speech engine empty), code would run in the browser (Pyodide), were it on.

Fields a page only reads once their feature is switched on are left out; those it reads regardless
(the lists it joins or searches) are given, empty.
"""

from __future__ import annotations

from typing import Any

VERSION = "0.12.4"
Json = dict[str, Any]

AUDIO: Json = {
    "realtime": {"ENABLED": False},
    "tts": {"ENGINE": "", "MODEL": "", "VOICE": "", "SPLIT_ON": "punctuation", "OPENAI_API_BASE_URL": "",
            "OPENAI_API_KEY": "", "API_KEY": "", "OPENAI_PARAMS": {}},
    "stt": {"ENGINE": "web", "MODEL": "", "WHISPER_MODEL": "", "SUPPORTED_CONTENT_TYPES": [],
            "OPENAI_API_BASE_URL": "", "OPENAI_API_KEY": ""},
}

IMAGES: Json = {
    "ENABLE_IMAGE_GENERATION": False, "ENABLE_IMAGE_PROMPT_GENERATION": False, "IMAGE_GENERATION_ENGINE": "",
    "IMAGE_GENERATION_MODEL": "", "IMAGE_SIZE": None, "IMAGE_STEPS": None, "IMAGES_OPENAI_API_PARAMS": {},
    "COMFYUI_WORKFLOW": "", "COMFYUI_WORKFLOW_NODES": [],
    "ENABLE_IMAGE_EDIT": False, "IMAGE_EDIT_ENGINE": "", "IMAGE_EDIT_MODEL": "", "IMAGE_EDIT_SIZE": None,
    "IMAGES_EDIT_COMFYUI_WORKFLOW": "", "IMAGES_EDIT_COMFYUI_WORKFLOW_NODES": [],
}

WEB: Json = {
    "ENABLE_WEB_SEARCH": False, "ENABLE_WEB_SEARCH_CONFIRMATION": False, "WEB_SEARCH_ENGINE": "",
    "WEB_SEARCH_DOMAIN_FILTER_LIST": [], "YOUTUBE_LOADER_LANGUAGE": [], "WEB_LOADER_ENGINE": "",
    "BYPASS_WEB_SEARCH_EMBEDDING_AND_RETRIEVAL": False, "BYPASS_WEB_SEARCH_WEB_LOADER": False,
    "WEB_SEARCH_TRUST_ENV": False,
}

RETRIEVAL: Json = {
    "status": True, "RAG_TEMPLATE": "", "TOP_K": None, "BYPASS_EMBEDDING_AND_RETRIEVAL": False,
    "RAG_FULL_CONTEXT": False, "ENABLE_RAG_HYBRID_SEARCH": False, "CONTENT_EXTRACTION_ENGINE": "",
    "CONTENT_EXTRACTION_SUPPORTED_MEDIA_MIME_TYPES": [], "PDF_EXTRACT_IMAGES": False, "TEXT_SPLITTER": "",
    "ENABLE_MARKDOWN_HEADER_TEXT_SPLITTER": False,
    "CHUNK_SIZE": None, "CHUNK_OVERLAP": None, "FILE_MAX_SIZE": None, "FILE_MAX_COUNT": None,
    "ALLOWED_FILE_EXTENSIONS": [], "MINERU_FILE_EXTENSIONS": [], "DOCLING_PARAMS": {}, "MINERU_PARAMS": {},
    "EXTERNAL_DOCUMENT_LOADER_HEADERS": {}, "RAG_RERANKING_ENGINE": "", "RAG_RERANKING_MODEL": "",
    "ENABLE_GOOGLE_DRIVE_INTEGRATION": False, "ENABLE_ONEDRIVE_INTEGRATION": False, "web": WEB,
}

EMBEDDING: Json = {
    "status": True, "RAG_EMBEDDING_ENGINE": "", "RAG_EMBEDDING_MODEL": "", "RAG_EMBEDDING_BATCH_SIZE": 1,
    "ENABLE_ASYNC_EMBEDDING": False, "RAG_EMBEDDING_CONCURRENT_REQUESTS": 0,
    "openai_config": {"url": "", "key": ""}, "ollama_config": {"url": "", "key": ""},
    "azure_openai_config": {"url": "", "key": "", "version": ""},
}

CODE_EXECUTION: Json = {
    "ENABLE_CODE_EXECUTION": False, "CODE_EXECUTION_ENGINE": "pyodide", "CODE_EXECUTION_JUPYTER_URL": None,
    "CODE_EXECUTION_JUPYTER_AUTH": None, "CODE_EXECUTION_JUPYTER_AUTH_TOKEN": None,
    "CODE_EXECUTION_JUPYTER_AUTH_PASSWORD": None, "CODE_EXECUTION_JUPYTER_TIMEOUT": None,
    "ENABLE_CODE_INTERPRETER": False, "CODE_INTERPRETER_ENGINE": "pyodide", "CODE_INTERPRETER_PROMPT_TEMPLATE": None,
    "CODE_INTERPRETER_JUPYTER_URL": None, "CODE_INTERPRETER_JUPYTER_AUTH": None,
    "CODE_INTERPRETER_JUPYTER_AUTH_TOKEN": None, "CODE_INTERPRETER_JUPYTER_AUTH_PASSWORD": None,
    "CODE_INTERPRETER_JUPYTER_TIMEOUT": None,
}

SUBAGENTS: Json = {"ENABLE_SUBAGENTS": False, "SUBAGENTS_BACKGROUND_ENABLED": False, "SUBAGENTS_SYSTEM_PROMPT": ""}

OAUTH: Json = {"ENABLE_OAUTH": False, "ENABLE_OAUTH_SIGNUP": False, "ENABLE_OAUTH_PERSISTENT_CONFIG": False}
