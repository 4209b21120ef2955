# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe demo`: the newcomer's first run, with no FreeSWITCH needed."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from aiframe.config import Settings
from aiframe.logs import configure_logging


@click.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("demo-out"),
    show_default=True,
    help="Where call.wav, transcript.md, report.json and timeline.png go.",
)
@click.option(
    "--script",
    "script_path",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="Another caller script (YAML; format in docs/conversation.md).",
)
@click.option("--print-script", is_flag=True, help="Print the default caller script and exit.")
@click.option(
    "--no-speculation", is_flag=True, help="Start ASR only at the end of turn (the slower peer)."
)
@click.option(
    "--no-pipelining",
    is_flag=True,
    help="Synthesize the whole reply before playing it (the slower peer).",
)
@click.pass_context
def demo(
    ctx: click.Context,
    out_dir: Path,
    script_path: Path | None,
    print_script: bool,
    no_speculation: bool,
    no_pipelining: bool,
) -> None:
    """A whole call on the embedded media host: a scripted caller talks to the Acme
    support agent through the real C media core and runtime, in real time."""
    from aiframe.demo.script import DEFAULT_SCRIPT, load_script

    if print_script:
        click.echo(DEFAULT_SCRIPT.read_text(encoding="utf-8"), nl=False)
        return
    settings: Settings = ctx.obj
    parent = ctx.parent.params if ctx.parent is not None else {}
    if not parent.get("log_level"):
        configure_logging("warning", settings.log.format)  # the summary is the output
    script = load_script(script_path or DEFAULT_SCRIPT)
    conv = settings.conversation.model_copy(deep=True)
    if no_speculation:
        conv.endpoint.speculative_asr = False
    if no_pipelining:
        conv.pipeline_tts = False

    from aiframe.demo import write_outputs
    from aiframe.demo.report import summary_lines
    from aiframe.demo.run import DemoRuntime
    from aiframe.store.store import Store

    click.echo(f"aiframe demo: loading the speech models ({settings.speech.cache_dir}) ...")
    runtime = DemoRuntime(settings)
    db = out_dir / "aiframe.db"
    # The call's state and audit trail, as a controller keeps them (docs/state-and-audit.md).
    store = Store.open(settings.store.model_copy(update={"url": f"sqlite:///{db.resolve()}"}))
    try:
        runtime.load()
        click.echo(
            f"calling {script.agent} with {len(script.steps)} caller steps, in real time "
            "(caller left, agent right) ..."
        )
        call = runtime.call(script, conv, store=store)
    finally:
        runtime.close()
        store.close()
    out = write_outputs(call, out_dir)
    for line in summary_lines(out.data):
        click.echo(line)
    written = [out.wav, out.transcript, out.report] + ([out.timeline] if out.timeline else [])
    click.echo("wrote " + ", ".join(str(p) for p in written))
    if out.timeline is None:
        click.echo("timeline.png skipped: matplotlib is absent (pip install 'aiframe[plots]')")
    click.echo(
        f"stored in {db}: aiframe transcript --db {db} {call.record.conversation_id} "
        "(also: aiframe audit, aiframe calls)"
    )
    if not out.data["ok"]:
        sys.exit(1)


__all__ = ["demo"]
