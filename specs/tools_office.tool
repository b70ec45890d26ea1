# Tools for office work: send_email, list_files, read_file, delete_file.
# Shared by office_zh.tool and office_en.tool (see tools_travel.tool for the language conventions).
# Listed files lie in the directory asked for (its subdirectories only when `recursive`), match the glob
# pattern, come in the order `sort_by` asks for and were modified on different days (so "the newest" is one
# file); a file's content and line count come from the localized pools (pools_office_zh/en.tool): known files
# by name, any other text file by its extension.

locale en_US
import "pools_office_zh.tool"
import "pools_office_en.tool"

slot message_id = faker.uuid4
# the largest plausible size (KB) of a file with this extension; a text file read_file can read holds what read_file
# returns (a few lines, the whole file: its line_count), so a listing gives it 1 KB, not the 26 MB of a CSV that
# then reads as four lines
slot size_max = { "pdf": 8192, "docx": 1536, "xlsx": 2048, "jpg": 8192, "zip": 204800, "py": 1, "log": 1, "md": 1,
                  "csv": 1, "txt": 1, "ini": 1, "yaml": 1, "json": 1, "conf": 1, "*": 2048 }
# and the smallest: a PDF or an Office document is tens of KB at least, a photo hundreds
slot size_min = { "pdf": 40, "docx": 12, "xlsx": 10, "jpg": 600, "zip": 200, "*": 1 }
# what a Chinese confirmation calls an email's priority (the argument is an English enum value)
slot priority_zh = { "low": "低", "normal": "普通", "high": "高" }

tool send_email "Send an email from the user's mailbox." {
    to: string                                    "Recipient email address"
                                                  ask zh "请问收件人的邮箱地址是什么？"
                                                  ask en "What's the recipient's email address?"
    subject: string                               "Subject line"
                                                  ask zh "邮件的主题是什么？"
                                                  ask en "What should the subject line be?"
    body: string                                  "Plain-text body"
                                                  ask zh "邮件正文想写些什么？"
                                                  ask en "What should the email say?"
    cc: list[string]?                             "Addresses to copy"
    priority: "low" | "normal" | "high" = "normal"   "Delivery priority"
    attachments: list[string]?                    "Paths of files to attach"
    returns {
        message_id: string = message_id
        status: "sent" = "sent"
        to: string = to
        cc: list[string]? = cc
        subject: string = subject
        priority: string = priority
    }
    # sending has side effects: the assistant restates the email, body included, and asks before every call
    # (some scenarios compose the body themselves -- a search snippet, a translation -- which the user then sees);
    # a priority only where the user asked for one (`[...]` leaves out what the call did not pass: a default), in
    # the words of the conversation's language (`priority_zh` below)
    confirm zh "将发送邮件给{to}[（抄送：{cc}）]，主题“{subject}”[，附件：{attachments}]，正文如下：\n\n{body}\n\n[优先级：{priority_zh[priority]}。]确认发送吗？"
          | en "I'll email {to}[ (cc: {cc})] with the subject \"{subject}\"[, attaching {attachments},] and this message:\n\n{body}\n\n[It goes out as {priority} priority. ]Send it?"
    error bad_address "Invalid recipient address: {to}. The message was not sent."
        | zh "收件地址无效：{to}。邮件未发送。" when not matches(to, "*@*.*")
    error unavailable "The mail server is temporarily unavailable; the message was not sent. Try again later."
        | zh "邮件服务器暂时不可用，邮件未发送。请稍后重试。" rate 5%
}

# directories of data exports (data_*.tool: en_datadir, zh_datadir; no office scenario lists them): their CSV files
# are the exports of folder_files["data:*.csv"] (pools_office_*.tool), each as large as its rows (data_rows)
slot dir_kind = { "/data/exports": "data:", "~/reports": "data:", "~/报表": "data:", "./data": "data:",
                  "~/analytics": "data:", "~/数据分析": "data:", "/srv/exports": "data:",
                  # folders that hold one kind of file (their listings: pools_office_*.tool `folder_files["log:*"]` ...)
                  "/var/log": "log:", "./src": "src:", "~/Pictures": "pic:", "/opt/app/config": "conf:",
                  "~/Documents/contracts": "contract:", "~/文档/合同": "contract:", "/data/reports": "report:",
                  "*": "" }
# rows of a data export, by name: its listing gives it 64 bytes a row (size_kb) and analyze_data counts its rows
# (count; 10,001 and more, so any spread the statistics draw fits them)
slot data_rows = { "daily_metrics.csv": 18240, "weekly_kpis.csv": 19875, "store_metrics.csv": 12406,
                   "sales_export.csv": 17311, "metrics_q3.csv": 10488, "dashboard_export.csv": 15902,
                   "monthly_report.csv": 11730, "kpi_snapshot.csv": 13655,
                   "每日指标.csv": 18240, "每周KPI.csv": 19875, "门店指标.csv": 12406, "销售导出.csv": 17311,
                   "三季度指标.csv": 10488, "看板导出.csv": 15902, "月度报表.csv": 11730, "KPI快照.csv": 13655 }

# Python files by name (code reads the same in every language; pools_office_*.tool: file_names["*.py"])
slot code_text = {
    "main.py": "from app import create_app\n\napp = create_app()\n\nif __name__ == \"__main__\":\n    app.run(port=8080)"
  , "utils.py": "def slugify(text: str) -> str:\n    return \"-\".join(text.lower().split())"
  , "train.py": "from model import Net\n\nmodel = Net()\nfor epoch in range(10):\n    model.fit_epoch()"
  , "config.py": "DEBUG = False\nPORT = 8080\nDATABASE_URL = \"postgresql://localhost/orders\""
  , "app.py": "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get(\"/health\")\ndef health():\n    return {\"status\": \"ok\"}"
  , "models.py": "from dataclasses import dataclass\n\n\n@dataclass\nclass Order:\n    id: int\n    amount: float"
  , "data_loader.py": "import csv\n\n\ndef load_rows(path):\n    with open(path, newline=\"\") as f:\n        return list(csv.DictReader(f))"
  , "test_api.py": "from app import app\n\n\ndef test_health():\n    assert app.test_client().get(\"/health\").status_code == 200"
  , "setup.py": "from setuptools import setup\n\nsetup(name=\"orders\", version=\"1.4.0\", packages=[\"orders\"])"
  , "run.py": "import subprocess\n\nsubprocess.run([\"python\", \"main.py\"], check=True)"
  , "server.py": "from http.server import HTTPServer, SimpleHTTPRequestHandler\n\nHTTPServer((\"\", 8000), SimpleHTTPRequestHandler).serve_forever()"
  , "helpers.py": "def chunks(items, size):\n    for i in range(0, len(items), size):\n        yield items[i:i + size]"
}

# days between the reference date and the latest date in a dated file's content (read_file below); data exports
# ("data:*", dir_kind) are written at least monthly
slot fresh_days = { "visits.csv": 3, "访问日志.csv": 3, "transactions.csv": 6, "交易记录.csv": 6, "sales_detail.csv": 31,
                    "销售明细.csv": 31, "journal.txt": 1, "日记.txt": 1, "error.log": 1,
                    "*.log": 30, "data:*": 30, "log:*": 7 }

tool list_files "List the files in a directory, optionally filtered by a glob pattern." {
    directory: string                             "Directory path, e.g. ~/Documents"
                                                  ask zh "请问要查看哪个目录？"
                                                  ask en "Which directory should I look in?"
    pattern: string?                              "Glob pattern for file names, e.g. *.pdf"
    recursive: bool = false                       "Also list files in subdirectories"
    sort_by: "name" | "size" | "modified" = "name"   "Order of the listing; size and modified list the largest / newest first"
    returns list[{
        name: string = glob_fill(pattern ?? "*", folder_files[dir_kind[directory] + (pattern ?? "*")] ?? file_names[pattern ?? "*"])
        path: string = case { when recursive: join_path(join_path(directory, subdir), name) | join_path(directory, name)
                              else: join_path(directory, name) }
        size_kb: int(round(data_rows[name] * 64 / 1024) ?? size_min[suffix(name)]..round(data_rows[name] * 64 / 1024) ?? size_max[suffix(name)])
        # not older than the latest date its content holds (read_file: files whose lines are dated)
        modified: date(today - (fresh_days[name] ?? fresh_days["*." + suffix(name)] ?? fresh_days[dir_kind[directory] + "*"] ?? 365)..today)
    }](2..6) unique name unique modified sorted by sort_by { "name": name, "size": size_kb desc, "modified": modified desc }
}

tool read_file "Read a text file and return its content." {
    path: string                                  "File path"
                                                  ask zh "请问要读取哪个文件？"
                                                  ask en "Which file should I read?"
    encoding: "utf-8" | "gbk" | "latin-1" = "utf-8"   "Text encoding of the file"
    max_lines: int(1..5000)?                      "Read at most this many lines from the start"
    returns {
        path: string = path
        encoding: string = encoding
        # files whose lines are dated count back from the reference date (text + date writes the date), so a log
        # or a journal is recent whatever --today is (the days match fresh_days: the listing's `modified` is not
        # older); other known files by name (pools_office_*.tool), any other by its extension
        content: string = case {
            when basename(path) == "visits.csv":
                "date,page,visits,bounce_rate\n" + (today - 4) + ",/home,1843,0.41\n" + (today - 4) + ",/pricing,602,0.35\n" + (today - 3) + ",/blog,977,0.52"
            when basename(path) == "访问日志.csv":
                "日期,页面,访问量,跳出率\n" + (today - 4) + ",/首页,1843,0.41\n" + (today - 4) + ",/价格,602,0.35\n" + (today - 3) + ",/博客,977,0.52"
            when basename(path) == "transactions.csv":
                "date,description,amount,balance\n" + (today - 8) + ",Salary,3200.00,5480.20\n" + (today - 7) + ",Groceries,-86.45,5393.75\n" + (today - 6) + ",Electricity bill,-112.30,5281.45"
            when basename(path) == "交易记录.csv":
                "日期,摘要,金额,余额\n" + (today - 8) + ",工资,3200.00,5480.20\n" + (today - 7) + ",超市购物,-86.45,5393.75\n" + (today - 6) + ",电费,-112.30,5281.45"
            when basename(path) == "sales_detail.csv":
                "date,product,quantity,revenue\n" + (today - 32) + ",Desk Lamp,12,419.88\n" + (today - 32) + ",Office Chair,3,597.00\n" + (today - 31) + ",Notebook,40,158.00"
            when basename(path) == "销售明细.csv":
                "日期,商品,数量,销售额\n" + (today - 32) + ",台灯,12,419.88\n" + (today - 32) + ",办公椅,3,597.00\n" + (today - 31) + ",笔记本,40,158.00"
            when basename(path) == "journal.txt":
                (today - 4) + ": long walk by the river\n" + (today - 3) + ": finished the novel I started last month\n" + (today - 2) + ": called Mom\n" + (today - 1) + ": dinner with old friends"
            when basename(path) == "日记.txt":
                (today - 4) + "：沿河散步\n" + (today - 3) + "：读完了上个月开始的小说\n" + (today - 2) + "：给妈妈打了电话\n" + (today - 1) + "：和老朋友吃了顿饭"
            when basename(path) == "error.log":
                (today - 1) + " 03:12:45 [error] 2211#0: *981 connect() failed (111: Connection refused) while connecting to upstream\n" + (today - 1) + " 03:12:47 [error] 2211#0: *982 upstream timed out (110: Connection timed out)\n" + (today - 1) + " 09:40:02 [warn] 2211#0: *1304 an upstream response is buffered to a temporary file"
            when suffix(path) == "log":
                (today - 30) + " 08:00:01 INFO  service started\n" + (today - 30) + " 08:00:02 INFO  listening on :8080\n" + (today - 30) + " 08:15:37 WARN  slow query took 2.3s\n" + (today - 30) + " 08:20:11 ERROR request timeout after 30s"
            when file_text[basename(path)] != "": file_text[basename(path)]
            when suffix(path) == "py": code_text[basename(path)] ?? ext_text["py"]
            else: ext_text[suffix(path)] }
        line_count: int = count_lines(content)
    } where line_count <= max_lines
    # the files the scenarios ask for by a name that does not exist (office_*.tool: files.missing)
    error not_found "No such file: {path}"
        | zh "文件不存在：{path}" when basename(path) in ["budget_2023.txt", "old_notes.txt", "draft_v2.txt",
        "meeting_0312.txt", "plan_final.txt", "checklist_v1.txt", "旧笔记.txt", "会议记录0312.txt", "草稿v2.txt",
        "年度计划final.txt", "清单v1.txt"]
    error binary_file "{path} is not a text file; read_file reads text files only."
        | zh "{path}不是文本文件；read_file只能读取文本文件。" when suffix(path) in ["pdf", "docx", "xlsx", "jpg", "png", "zip"]
}

tool delete_file "Delete a file permanently (it does not go to the trash)." {
    path: string                                  "Path of the file to delete"
                                                  ask zh "请问要删除哪个文件？"
                                                  ask en "Which file should I delete?"
    returns {
        path: string = path
        deleted: bool = true
    }
    confirm zh "将永久删除{path}，删除后无法恢复。确定删除吗？" | en "This permanently deletes {path}; it can't be undone. Delete it?"
    error protected "Permission denied: {path} is a system file and cannot be deleted."
        | zh "权限不足：{path}是系统文件，不能删除。" when matches(path, "/etc/*")
}
