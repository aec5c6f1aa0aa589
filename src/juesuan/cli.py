"""The ``juesuan`` command: check, extract, rules, score."""

from __future__ import annotations

import os
import sys

import click

from . import __version__


class _ChineseHelp:
    """The help option's own text in Chinese (the option names stay -h/--help)."""

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "显示此说明并退出。"
        return option


class _Command(_ChineseHelp, click.Command):
    pass


class _Group(_ChineseHelp, click.Group):
    command_class = _Command


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, help="显示版本并退出。")
def main() -> None:
    """juesuan：核对部门决算公开、部门预算与绩效评价文件中的每一个数字。

    用 juesuan 命令 -h 查看各命令的说明。
    """


def _answer(path: str, render, check: bool = True, max_bytes: int | None = None):
    """One file: its Result and its rendered output, inside the guard (a bug becomes
    that file's "内部错误", never a traceback; JUESUAN_DEBUG=1 shows it)."""
    from .batch import internal_error
    from .pipeline import analyze

    try:
        result = analyze(path, check=check, max_bytes=max_bytes)
        return result, render(result)
    except Exception as exc:  # noqa: BLE001 — reported, not swallowed
        result = internal_error(path, exc)
        return result, render(result)


def _max_bytes(max_size_mb: float | None) -> int | None:
    return None if max_size_mb is None else int(max_size_mb * 1024 * 1024)


_MAX_SIZE = click.option(
    "--max-size", "max_size_mb", type=click.FloatRange(min=0, min_open=True), default=None,
    help="单个文件的最大大小（MB），也是 .docx 解压后的上限（默认：$JUESUAN_MAX_SIZE，否则 200）。")


def _codes(ctx, param, value):
    from .selection import codes, unknown_codes

    wanted = codes(value)
    bad = unknown_codes(wanted)
    if bad:
        raise click.BadParameter(f"没有这样的规则或规则族：{', '.join(bad)}（juesuan rules 列出全部）")
    return wanted


@main.command()
@click.argument("files", nargs=-1, type=click.Path())     # required, but --store may take the first
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv", "sarif"]), default="text",
              show_default=True,
              help="text：供人阅读；json：每个文件一行 JSON；csv：每条发现一行（带 BOM，Excel 可直接打开）；"
                   "sarif：SARIF 2.1.0。")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0,
              help="同时核对的进程数（默认 0：全部 CPU 核）。")
@click.option("--select", callback=_codes, metavar="CODES",
              help="只报告这些规则：规则编号、编号前缀或规则族，逗号分隔（如 JS-R8,totals,JS-R201）。")
@click.option("--ignore", callback=_codes, metavar="CODES", help="不报告这些规则（写法同 --select）。")
@click.option("--severity", type=click.Choice(["info", "warning", "error"]), default="info", show_default=True,
              help="只报告此严重程度及以上的发现（提示 info < 警告 warning < 错误 error）。")
@click.option("--statistics", is_flag=True, help="只输出各规则的发现数。")
@click.option("-o", "--output-file", type=click.Path(dir_okay=False, writable=True),
              help="把结果写入此文件（UTF-8），而不是标准输出。")
@click.option("--no-color", is_flag=True, help="不使用颜色（环境变量 NO_COLOR 同样有效）。")
@click.option("--baseline", type=click.Path(exists=True, dir_okay=False),
              help="基线文件：其中已审阅过的发现不再报告。")
@click.option("--write-baseline", type=click.Path(dir_okay=False, writable=True),
              help="把本次的全部发现写成基线文件。")
@click.option("--exit-zero", is_flag=True,
              help="有错误级发现时也以 0 退出（无法读取的文件仍以 2 退出）。")
@click.option("--together", is_flag=True,
              help="所有 FILES 是同一份公开（如其说明与报表），合为一个文件核对。")
@_MAX_SIZE
@click.option("--store", "store", is_flag=False, flag_value="", default=None, metavar="[URL]",
              help="把每份文件记入存储（SQLite 文件或 postgresql+psycopg://…；只写 --store："
                   "$JUESUAN_STORE，否则 juesuan.db），并与其中同一单位的文件交叉核对；已用同样规则核对过的文件跳过。")
@click.option("--dask", "dask", metavar="ADDRESS",
              help="在 Dask 集群（tcp://scheduler:8786）上核对，结果记入存储（--store 或其默认）；"
                   "需要 juesuan[cluster]。")
def check(files, fmt, jobs, select, ignore, severity, statistics, output_file, no_color, baseline,
          write_baseline, exit_zero, together, max_size_mb, store, dask):
    """核对文件和文件夹中的每一份公开，列出每处不一致及其算式。

    FILES 可以是文件或文件夹（递归查找 juesuan 读取的格式：.txt .docx .pdf .html .md .xlsx
    .doc .wps .xls 等，跳过隐藏文件）。
    分为说明与报表两个文件发布的公开，按文件名或内容合为一份核对（或用 --together）；
    每条发现注明所在文件、页码与行（PDF：页内第几行；Word：第几段或表格单元格）。

    退出码：0 没有错误级发现；1 至少一条；2 有文件无法读取或没有可核对的内容。
    """
    from .check_command import CheckOptions, run
    from .selection import Selection

    if store is not None or dask:
        from .store.cli import split_store_option

        store, files = split_store_option(store, files)
    if not files:
        raise click.UsageError("Missing argument 'FILES...'.")
    opts = CheckOptions(files, fmt, exit_zero, together, _max_bytes(max_size_mb), jobs,
                        Selection(select, ignore, severity), statistics, output_file, not no_color,
                        baseline, write_baseline, store, dask)
    sys.exit(run(opts))


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True,
              help="json：每个文件一行 JSON；csv：每个数字一行。")
@_MAX_SIZE
def extract(files, fmt, max_size_mb):
    """只提取每个文件的数字和科目行，不核对。"""
    from .render import csv as render_csv
    from .render import json as render_json

    def render(result):
        return render_csv.render(result) if fmt == "csv" else render_json.dumps(result, with_findings=False) + "\n"

    results = []
    if fmt == "csv":
        click.echo(render_csv.header(), nl=False)
    for path in files:
        result, out = _answer(path, render, check=False, max_bytes=_max_bytes(max_size_mb))
        results.append(result)
        if result.error:
            click.echo(f"juesuan: {path}: {result.error}", err=True)
        click.echo(out, nl=False)
    sys.exit(2 if any(r.error for r in results) else 0)


_STORE_HELP = "库：SQLite 文件或 postgresql+psycopg://…（默认 $JUESUAN_STORE，否则 juesuan.db）。"


@main.command()
@click.option("--store", "store", default=None, metavar="URL", help=_STORE_HELP)
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "xlsx"]), default="text", show_default=True)
@click.option("--unit", default=None, help="只列这个单位历年的文件。")
@click.option("-o", "--output", type=click.Path(), default=None,
              help="写到 OUT（xlsx 须指定）；与 --unit 同用且 OUT 为 .png 时，画出该单位历年的数字。")
def corpus(store, fmt, unit, output):
    """库中的单位 × 年度：主要数字（万元）和问题数。"""
    from .store.cli import corpus_command

    sys.exit(corpus_command(store, fmt, unit, output))


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", required=True, type=click.Path(),
              help="审核意见表.xlsx | OUT.csv | report.html | 整改通知.docx（文件夹或含 {unit} 的名称：每个单位一份）。")
@click.option("--force", is_flag=True, help="OUT 已存在时覆盖。")
@_MAX_SIZE
def report(inputs, output, force, max_size_mb):
    """把文件、文件夹或保存的 check --format json 结果写成审核意见表、整改通知或 report.html。

    退出码：0 已写出；2 有输入无法读取或核对（OUT 中列出），或 OUT 无法写入。
    """
    from .export.command import run

    sys.exit(run(list(inputs), output, force=force, max_bytes=_max_bytes(max_size_mb)))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text：供人阅读；json：规则列表（id、family、severity、title、doc）。")
def rules(fmt):
    """列出全部规则：编号、规则族、严重程度和说明。"""
    from .render.rules import render_json, render_text

    click.echo(render_json() if fmt == "json" else render_text())


@main.command()
@click.argument("form", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text：供人阅读；json：机器可读。")
def score(form, fmt):
    """按标准方法重新计算项目支出绩效自评表（FORM：YAML/JSON、xlsx 或含自评表的文件）的得分。

    列出每个指标的得分、总分和等级。退出码：0 已计算；2 自评表无法读取，或某个值的类型不对
    （消息中指出字段）。
    """
    sys.exit(_guarded(form, lambda: _score(form, fmt)))


def _score(form: str, fmt: str) -> int:
    import json

    from .score import FormError, load_form, render_text, score_form, to_dict

    try:
        scored = score_form(load_form(form))
    except FormError as exc:
        click.echo(f"juesuan: {form}: {exc}", err=True)
        return 2
    click.echo(json.dumps(to_dict(scored), ensure_ascii=False) if fmt == "json" else render_text(scored))
    return 0


def _guarded(what: str, command) -> int:
    """``command()``'s exit status; a bug in the code is exit 2 with a message, not a traceback
    (JUESUAN_DEBUG=1: the traceback)."""
    try:
        return command()
    except Exception as exc:  # noqa: BLE001 — reported, not swallowed
        if os.environ.get("JUESUAN_DEBUG"):
            raise
        click.echo(f"juesuan: {what}: 内部错误（internal error: {type(exc).__name__}: {exc}；"
                   f"请附上此文件报告，JUESUAN_DEBUG=1 可显示详细信息）", err=True)
        return 2


@main.command()
@click.argument("data", required=False, type=click.Path())
@click.option("-o", "--output", required=True, type=click.Path(),
              help="输出文件 OUT.docx | OUT.html | OUT.md（OUT.xlsx：把数据写成输入工作簿）。")
@click.option("--no-charts", is_flag=True, help="不画图1/图2（无需 matplotlib）。")
@click.option("--template", is_flag=True, help="改为把空白的输入工作簿写到 OUT.xlsx。")
@click.option("--force", is_flag=True, help="OUT（及其图表文件）已存在时覆盖。")
def generate(data, output, no_charts, template, force):
    """根据九张报表起草部门决算说明（DATA：.xlsx、.yaml 或 .json）。

    每个占比、增减和完成率都由报表算出，文字不会与报表矛盾；只有人能给出的原因留作
    “（待填写）”。写出的文件会被读回并核对。退出码：0 已写出并通过核对；1 数据不平
    （未写出）或草稿未通过核对；2 数据无法读取，或 OUT 无法写入（已存在时需 --force）。
    """
    from .generate.command import run

    sys.exit(_guarded(data or output, lambda: run(data, output, charts=not no_charts, template=template,
                                                  force=force)))


@main.command()
@click.option("--store", "store", default=None, metavar="URL", help=_STORE_HELP)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--uploads", "folder", default=None, type=click.Path(),
              help="上传文件存放的文件夹（默认：SQLite 库旁，否则 ./juesuan-uploads）。")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 32),
              help="核对上传文件的进程数。")
@click.option("--plain-http", is_flag=True,
              help="在本机以外以明文 HTTP 提供（无 TLS 代理）：会话 Cookie 不带 Secure。")
def serve(store, host, port, folder, workers, plain_http):
    """在浏览器中的审核台（需安装 juesuan[web]）；用 `juesuan user add` 添加账号。"""
    from .web.command import serve as run

    run(store, host, port, folder, workers, plain_http)


@main.group()
def user():
    """审核台（juesuan serve）的账号。"""


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["admin", "reviewer", "viewer"]), default="reviewer", show_default=True)
@click.option("--store", "store", default=None, metavar="URL", help=_STORE_HELP)
def user_add(name, role, store):
    """添加账号；密码在终端中询问，或从标准输入的第一行读取。"""
    from .web.command import add_user

    sys.exit(add_user(store, name, role))
