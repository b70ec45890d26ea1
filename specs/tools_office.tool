# Tools for office work: send_email, list_files, read_file.
# Shared by office_zh.tool and office_en.tool (see tools_travel.tool for the language conventions).

locale en_US

tool send_email "Send an email from the user's mailbox." {
    to: string                                    "Recipient email address"
                                                  ask "请问收件人的邮箱地址是什么？"
    subject: string                               "Subject line"
                                                  ask "邮件的主题是什么？"
    body: string                                  "Plain-text body"
                                                  ask "邮件正文想写些什么？"
    cc: list[string]?                             "Addresses to copy"
    priority: "low" | "normal" | "high" = "normal"   "Delivery priority"
    attachments: list[string]?                    "Paths of files to attach"
    returns {
        message_id: string = faker.uuid4
        status: string = "sent"
    }
}

tool list_files "List the files in a directory, optionally filtered by a glob pattern." {
    directory: string                             "Directory path, e.g. ~/Documents"
                                                  ask "请问要查看哪个目录？"
    pattern: string?                              "Glob pattern for file names, e.g. *.pdf"
    recursive: bool = false                       "Also list files in subdirectories"
    sort_by: "name" | "size" | "modified" = "name"   "Order of the listing; size and modified list the largest / newest first"
    returns list[{
        path: string = faker.file_path(depth=2)
        size_kb: int(1..20480)
        modified: date
    }](2..5)
}

tool read_file "Read a text file and return its content." {
    path: string                                  "File path"
                                                  ask "请问要读取哪个文件？"
    encoding: "utf-8" | "gbk" | "latin-1" = "utf-8"   "Text encoding of the file"
    max_lines: int(1..5000)?                      "Read at most this many lines from the start"
    returns {
        content: string = faker.paragraph
        line_count: int(1..5000)
    }
}
