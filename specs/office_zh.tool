# 邮件与文件（中文）：发送邮件、逐项澄清、列目录、读文件、列目录→读文件的依赖链、搜索→发邮件、翻译→发邮件的依赖链。
# 列出的文件都在所问的目录下、匹配所给的模式、按要求的方式排序；读到的内容和行数一一对应。

locale zh_CN
import "tools_office.tool"
import "tools_info.tool"
import "info_zh.tool"

slot zh_dir      = "~/Documents" | "~/Downloads" | "~/Desktop" | "/var/log" | "./src" | "~/Pictures" | "/data/reports"
                 | "D:/工作/项目资料" | "~/文档/合同" | "/home/admin/backup" | "~/projects/website" | "/opt/app/config"
slot zh_ftype    = { "PDF文件": "*.pdf", "PDF": "*.pdf", "Word文档": "*.docx", "Excel表格": "*.xlsx", "图片": "*.jpg",
                     "Python脚本": "*.py", "日志文件": "*.log", "压缩包": "*.zip", "Markdown文件": "*.md",
                     "CSV文件": "*.csv", "文本文件": "*.txt" }
# 什么文件都可能有的目录
slot zh_anydir   = "~/Documents" | "~/Downloads" | "~/Desktop" | "D:/工作/项目资料" | "/home/admin/backup" | "~/文档/工作"
# 什么文本文件都可能有的目录（/var/log里“最新的CSV文件”、~/Pictures里的文本文件都不像真的）
slot zh_textdir  = "~/Documents" | "~/Downloads" | "~/Desktop" | "/data/reports" | "D:/工作/项目资料"
                 | "/home/admin/backup" | "~/projects/website" | "~/文档/工作"
slot zh_textftype = { "Markdown文件": "*.md", "文本文件": "*.txt", "日志文件": "*.log", "CSV文件": "*.csv",
                      "Python脚本": "*.py" }
slot zh_sort_files = { "按大小": "size", "按修改时间": "modified", "按文件名": "name" }
slot zh_path     = "~/notes/todo.txt" | "/etc/hosts" | "./README.md" | "~/Documents/会议纪要.txt" | "/var/log/nginx/error.log"
                 | "config.yaml" | "~/Desktop/购物清单.txt" | "./docs/接口说明.md" | "/data/reports/周报.txt"
                 | "requirements.txt" | "~/日记/2024.md" | "/opt/app/config/settings.ini"
# pools_office_zh.tool 里 file_names["*.txt"] 的文本文件，各有自己的内容（file_text）
slot zh_fpath    = "~/笔记/备忘录.txt" | "~/文档/购物清单.txt" | "~/桌面/待办.txt" | "D:/资料/说明.txt" | "~/笔记/读书笔记.txt"
                 | "~/文档/联系人.txt" | "~/项目/配置说明.txt" | "~/桌面/草稿.txt" | "~/音乐/歌词.txt" | "~/笔记/随笔.txt"
                 | "~/文档/快递单号.txt" | "D:/工作/会议纪要.txt" | "/home/zhang/文档/日记.txt" | "C:/Users/wang/Desktop/购物清单.txt"
                 | "E:/备份/联系人.txt" | "/data/reports/周报.txt" | "~/Documents/待办.txt" | "D:/笔记/随笔.txt"
slot zh_lines    = 10 | 15 | 20 | 25 | 30 | 40 | 50 | 60 | 80 | 100 | 120 | 150 | 200  # 常说的行数
slot zh_enc      = { "GBK": "gbk", "gbk": "gbk", "UTF-8": "utf-8", "utf8": "utf-8", "Latin-1": "latin-1" }
slot zh_email    = faker.email
# 成对的邮件主题和正文（`{zh_mail}`是主题，`{zh_mail.value}`是正文）；自动追问时先问主题、再问正文，两次回答仍是一对
slot zh_mail     = { "周五会议改期通知": "会议改到下周一上午十点，地点不变。", "季度报告初稿": "季度报告初稿已放到共享文件夹，请帮忙审阅。",
                     "项目进度更新": "项目已完成80%，预计月底交付。", "请假申请": "我下周二想请一天假，工作已交接。",
                     "合同修改意见": "合同第三条需要再确认一下付款方式。", "下周出差安排": "出差行程已订好，周三早上出发。",
                     "面试邀请": "请于明天下午两点参加面试。", "发票已开具": "发票今天已经开出，请在30天内付款。",
                     "团建活动报名": "团建定在本周六，请大家报名。", "系统维护通知": "今晚十点到十二点系统维护，届时无法登录。",
                     "新品上线计划": "新品上线改到15号，检查清单在共享文件夹里。", "月度预算审批": "请在周五前审批下个月的团队预算。" }
slot zh_priority = { "紧急": "high", "加急": "high", "重要": "high", "不急": "low", "低优先级": "low" }
slot zh_topic    = "人工智能的最新进展" | "新能源汽车销量排行" | "大语言模型微调方法" | "个人所得税专项附加扣除"
                 | "Rust和Go的区别" | "碳中和政策解读" | "马拉松训练计划" | "量子计算的原理"

# 只在什么文件都可能有的目录里找某一类文件（/var/log里的PDF、~/Pictures里的日志不像真的请求）；其他目录整个列出
scenario zh.files.list {
    user "看看{zh_anydir}里有哪些文件"
       | "列出{zh_anydir}下的所有{zh_ftype}"
       | "{zh_anydir}目录里有什么[文件]？"
       | "帮我找一下{zh_anydir}里的{zh_ftype}"
       | "{zh_anydir}下面有没有{zh_ftype}？"
    call list_files(directory=zh_anydir, pattern=zh_ftype) -> f
    assistant "{zh_anydir}中找到{len(f)}个文件：{for x in f}\n- {x.path}（{x.size_kb} KB）{endfor}"
            | "{zh_anydir}中共有{len(f)}个文件：{for x in f}\n- {x.name}，最后修改于{x.modified}{endfor}"
}

scenario zh.files.browse {
    user "看看{zh_dir}里有哪些文件" | "{zh_dir}目录里有什么[文件]？" | "列出{zh_dir}下的全部文件"
    call list_files(directory=zh_dir) -> f
    assistant "{zh_dir}中找到{len(f)}个文件：{for x in f}\n- {x.path}（{x.size_kb} KB）{endfor}"
            | "{zh_dir}中共有{len(f)}个文件：{for x in f}\n- {x.name}，最后修改于{x.modified}{endfor}"
}

scenario zh.files.recursive {
    user "递归列出{zh_anydir}及其子目录中的{zh_ftype}"
       | "把{zh_anydir}下面所有子文件夹里的{zh_ftype}都找出来"
       | "{zh_anydir}里包括子目录，一共有哪些{zh_ftype}？"
    call list_files(directory=zh_anydir, pattern=zh_ftype, recursive=true) -> f
    assistant "在{zh_anydir}及其子目录中找到{len(f)}个文件：{for x in f}\n- {x.path}{endfor}"
}

scenario zh.files.largest {
    user "{zh_anydir}里哪些文件最占空间？"
       | "看看{zh_anydir}下最大的几个文件"
       | "{zh_anydir}里最大的文件是哪个？"
    call list_files(directory=zh_anydir, sort_by="size") -> f
    assistant case {
        when f[0].size_kb == f[1].size_kb: "最大的是{f[0].path}和{f[1].path}，都是{f[0].size_kb} KB。"
        else: "最大的是{f[0].path}（{f[0].size_kb} KB），其次是{f[1].path}（{f[1].size_kb} KB）。"
    }
}

scenario zh.files.sorted {
    user "{zh_sort_files}列出{zh_anydir}里的{zh_ftype}"
       | "把{zh_anydir}下的{zh_ftype}{zh_sort_files}排一下"
    call list_files(directory=zh_anydir, pattern=zh_ftype, sort_by=zh_sort_files) -> f
    assistant "{zh_anydir}下共有{len(f)}个匹配的文件：{for x in f}\n- {x.name}（{x.size_kb} KB，修改于{x.modified}）{endfor}"
}

scenario zh.files.read weight 2 {
    user "打开{zh_path}看看"
       | "读一下{zh_path}的内容"
       | "{zh_path}里写了什么？"
       | "帮我查看文件{zh_path}[的前{zh_lines}行]"
       | "显示{zh_path}的前{zh_lines}行"
    call read_file(path=zh_path, max_lines=zh_lines) -> c
    assistant "{zh_path}共{c.line_count}行，内容如下：\n{c.content}"
            | "文件内容：\n{c.content}"
}

scenario zh.files.read_encoding {
    user "用{zh_enc}编码打开{zh_fpath}"
       | "{zh_fpath}是{zh_enc}编码的，帮我读一下"
       | "按{zh_enc}读取{zh_fpath}"
    call read_file(path=zh_fpath, encoding=zh_enc) -> c
    assistant "{zh_fpath}的内容：\n{c.content}"
}

scenario zh.files.vague {
    user "帮我读个文件"
       | "打开一个文件看看"
       | "我想看看某个文件的前{zh_lines}行"
    call read_file(path=zh_path, max_lines=zh_lines) -> c
    assistant "{zh_path}的内容如下：\n{c.content}"
}

# 依赖链：先按修改时间列出文件，再读取最新的那个。
scenario zh.files.latest weight 2 {
    user "{zh_textdir}里最新的{zh_textftype}写了什么？"
       | "打开{zh_textdir}里最近修改的{zh_textftype}给我看看"
       | "找到{zh_textdir}下最新的{zh_textftype}，读一下内容"
    call list_files(directory=zh_textdir, pattern=zh_textftype, sort_by="modified") -> f
    call read_file(path=f[0].path) -> c
    assistant "最新的文件是{f[0].path}（修改于{f[0].modified}），共{c.line_count}行：\n{c.content}"
}

scenario zh.email.send weight 3 {
    user "给{zh_email}发封邮件，主题是“{zh_mail}”，内容是：{zh_mail.value}"
       | "发邮件给{zh_email}，标题{zh_mail}，正文写“{zh_mail.value}”"
       | "帮我写封邮件发到{zh_email}，主题：{zh_mail}；正文：{zh_mail.value}[标记为{zh_priority}]"
       | "发一封邮件（{zh_priority}）给{zh_email}，主题“{zh_mail}”，内容：{zh_mail.value}"
    call send_email(to=zh_email, subject=zh_mail.text, body=zh_mail, priority=zh_priority) -> m
    assistant "邮件已发送给{m.to}，主题“{m.subject}”。" | "好的，已发送（邮件编号{m.message_id}）。" | "好的，已经办好了。"
}

# 三个必填参数都没给：依次插入收件人、主题、正文三个提问。
scenario zh.email.vague weight 2 {
    user "帮我发封邮件"
       | "我要发个邮件"
       | "写封邮件[吧]"
       | "有封{zh_priority}的邮件要发"
    call send_email(to=zh_email, subject=zh_mail.text, body=zh_mail, priority=zh_priority) -> m
    assistant "邮件已发送给{m.to}。" | "已发送，主题“{m.subject}”。"
}

# 只给了收件人：插入主题和正文的提问。
scenario zh.email.partial {
    user "给{zh_email}发封邮件"
       | "帮我发邮件给{zh_email}"
       | "我想给{zh_email}写封邮件"
    call send_email(to=zh_email, subject=zh_mail.text, body=zh_mail) -> m
    assistant "邮件已发送给{m.to}，主题“{m.subject}”。"
}

# 依赖链：搜索结果作为邮件的主题和正文。
scenario zh.search.email {
    user "搜一下{zh_topic}，把第一条结果发到{zh_email}"
       | "帮我查查{zh_topic}，然后把最相关的那条发邮件给{zh_email}"
       | "搜索{zh_topic}，并把首条结果的摘要用邮件发给{zh_email}"
    call web_search(query=zh_topic) -> s
    call send_email(to=zh_email, subject=s[0].title, body=s[0].snippet) -> m
    assistant "已把《{s[0].title}》的摘要发送给{zh_email}。"
}

# 依赖链：先翻译，再把译文用邮件发出去。
scenario zh.translate.email {
    user "把“{zh_text}”翻译成{zh_lang}，然后发邮件给{zh_email}"
       | "帮我把这句话译成{zh_lang}并发到{zh_email}：{zh_text}"
    call translate_text(text=zh_text, target_language=zh_lang) -> t
    call send_email(to=zh_email, subject="译文", body=t.translated_text) -> m
    assistant "{zh_lang}译文“{t.translated_text}”已发送给{zh_email}。"
}

# ------------------------------------------------------------------------------------------ 抄送与附件、报错、删除文件

# 带附件的邮件：主题和正文适合任何附件（zh_mail里的“下周出差安排”配不上/data/reports/周报.xlsx），而zh_mail的正文都不提附件
slot zh_attach_mail = { "您要的文件": "您要的文件在附件里，请查收。", "请审阅": "附件请审阅，周五前给我反馈意见。",
                        "资料分享": "分享一份资料给你，见附件。", "会上提到的文件": "附件是今天会上提到的文件。",
                        "存档备查": "附件供您存档，无需回复。", "最新版本": "附件是最新版本，替换上周发的那份。",
                        "麻烦看一下": "明天之前麻烦看一下附件。", "如前所述": "如前所述，文件见附件。" }
slot zh_attach   = "~/Documents/季度报告.pdf" | "./slides/发布会方案.pdf" | "~/Downloads/发票_1043.pdf" | "/data/reports/周报.xlsx"
                 | "~/Desktop/合同v2.docx" | "./exports/orders.csv" | "~/Pictures/团建合影.jpg" | "~/Documents/预算2025.xlsx"
# 用户写错的邮箱地址及其本意
slot zh_bademail = { "zhangwei@qqcom": "zhangwei@qq.com", "li.na@163": "li.na@163.com", "wangfang@company": "wangfang@company.com",
                     "chen_jie@126com": "chen_jie@126.com", "liuyang@gmail": "liuyang@gmail.com", "zhao.min@sina": "zhao.min@sina.com" }
# 不存在的文件（read_file 报 not_found）及其所在目录
slot zh_missing  = { "~/Documents/旧笔记.txt": "~/Documents", "~/notes/会议记录0312.txt": "~/notes",
                     "~/Desktop/草稿v2.txt": "~/Desktop", "/data/reports/年度计划final.txt": "/data/reports",
                     "./docs/清单v1.txt": "./docs" }
slot zh_binfile  = "~/Documents/季度报告.pdf" | "./slides/发布会方案.pdf" | "~/Desktop/合同v2.docx" | "/data/reports/周报.xlsx"
                 | "~/Downloads/资料.zip" | "~/Pictures/收据.jpg"
slot bin_kind_zh = { "pdf": "PDF文件", "docx": "Word文档", "xlsx": "Excel表格", "zip": "压缩包", "jpg": "图片", "png": "图片" }
# 换个办法：按文件种类（图片没有可导出的文字）
slot bin_tip_zh  = { "pdf": "如果另存为txt文件，我就可以读了。", "docx": "如果另存为txt文件，我就可以读了。",
                     "xlsx": "如果导出成csv，我就可以读了。", "zip": "解压之后，里面的文本文件我就可以读了。",
                     "jpg": "您可以把图片里的文字打出来发给我。", "png": "您可以把图片里的文字打出来发给我。" }
slot zh_delpath  = "~/Downloads/旧安装包.dmg" | "~/Desktop/未命名.txt" | "./build/app.log" | "~/Downloads/发票副本.pdf"
                 | "/tmp/cache.db" | "~/Documents/旧草稿.docx" | "./dist/bundle.zip" | "~/Pictures/IMG_0001副本.jpg"

# 列表参数：抄送人。
scenario zh.email.cc weight 2 {
    user "给{zh_email}发封邮件，抄送{zh_email as c1}[和{zh_email as c2}]，主题“{zh_mail}”，内容：{zh_mail.value}"
       | "发邮件给{zh_email}，同时抄送给{zh_email as c1}[、{zh_email as c2}]。标题{zh_mail}，正文：{zh_mail.value}"
    call send_email(to=zh_email, subject=zh_mail.text, body=zh_mail, cc=[c1, c2]) -> m
    assistant "邮件已发送给{m.to}，并抄送{for c in m.cc}{c}{sep}、{lastsep}和{endfor}。"
            | "已发出，主题“{m.subject}”，收件人{m.to}，抄送{for c in m.cc}{c}{sep}、{lastsep}和{endfor}。"
}

# 列表参数：附件。
scenario zh.email.attach {
    user "把{zh_attach}发给{zh_email}，主题“{zh_attach_mail}”，正文写：{zh_attach_mail.value}"
       | "给{zh_email}发封邮件，附上{zh_attach}[，抄送{zh_email as c1}]，主题{zh_attach_mail}，内容：{zh_attach_mail.value}"
    call send_email(to=zh_email, subject=zh_attach_mail.text, body=zh_attach_mail, attachments=[zh_attach], cc=[c1]) -> m
    assistant "已把{zh_attach}作为附件发送给{m.to}。" | "邮件“{m.subject}”连同附件已发出。"
}

# 报错后问用户：邮箱地址写错了，用户更正后再发。
scenario zh.email.bad_address {
    user "给{zh_bademail}发封邮件，主题“{zh_mail}”，内容：{zh_mail.value}" | "发邮件到{zh_bademail}，标题{zh_mail}，正文：{zh_mail.value}"
    call send_email(to=zh_bademail.text, subject=zh_mail.text, body=zh_mail) fails bad_address
    ask "邮件没有发出去：{zh_bademail}不是有效的邮箱地址。麻烦确认一下正确的地址？"
      | "邮件服务器提示收件地址{zh_bademail}无效，邮件未发送。请问正确的邮箱是什么？"
    user "不好意思，是{lower(zh_bademail)}" | "写错了，应该是{lower(zh_bademail)}。" | "改成{lower(zh_bademail)}"
    call send_email(to=zh_bademail, subject=zh_mail.text, body=zh_mail) -> m
    assistant "这次已成功发送给{m.to}。" | "已发出，主题“{m.subject}”。"
}

# 报错并说明：邮件服务器暂时不可用。
scenario zh.email.unavailable {
    user "给{zh_email}发封邮件，主题“{zh_mail}”，内容：{zh_mail.value}" | "发邮件给{zh_email}，标题{zh_mail}，正文写“{zh_mail.value}”"
    call send_email(to=zh_email, subject=zh_mail.text, body=zh_mail) -> m fails unavailable 100%
    assistant "抱歉，邮件没有发出去：邮件服务器暂时不可用。请过几分钟再试。"
            | "邮件服务器现在出了问题，这封邮件没有发送成功，稍后可以再试一次。"
}

scenario zh.email.declined {
    user "给{zh_email}发封邮件，主题“{zh_mail}”，内容：{zh_mail.value}" | "发邮件给{zh_email}，标题{zh_mail}，正文：{zh_mail.value}"
    call send_email(to=zh_email, subject=zh_mail.text, body=zh_mail) declined
    assistant "好的，邮件先不发。" | "好的，已取消，邮件没有发送。"
}

# 报错、列目录、问用户：文件不存在，用户选“第二个”。
scenario zh.files.missing weight 2 {
    user "打开{zh_missing}" | "读一下{zh_missing}" | "{zh_missing}里写了什么？"
    call read_file(path=zh_missing.text) fails not_found
    call list_files(directory=zh_missing, pattern="*.txt") -> f
    ask "没有找到{zh_missing}。这个目录下的文本文件包括{f[0].name}和{f[1].name}，您要打开哪一个？"
      | "{zh_missing}不存在。同一目录下的文本文件包括{f[0].name}和{f[1].name}，是其中一个吗？"
    user "第二个" | "打开第二个吧。" | "{f[1].name}"
    call read_file(path=f[1].path) -> c
    assistant "{f[1].name}共{c.line_count}行，内容如下：\n{c.content}"
}

# 报错并说明：read_file 只能读文本文件。
scenario zh.files.binary {
    user "读一下{zh_binfile}" | "打开{zh_binfile}看看写了什么" | "{zh_binfile}里是什么内容？"
    call read_file(path=zh_binfile) fails binary_file
    assistant "这个文件打不开：{zh_binfile}是{bin_kind_zh[suffix(zh_binfile)]}，而我的文件工具只能读取纯文本文件。{bin_tip_zh[suffix(zh_binfile)]}"
}

# 多轮会话：列目录，读“第一个”，再删除“第二个”（删除前先确认）。
scenario zh.files.session {
    user "{zh_textdir}里有哪些{zh_textftype}？" | "列一下{zh_textdir}下的{zh_textftype}"
    call list_files(directory=zh_textdir, pattern=zh_textftype) -> f
    assistant "共有{len(f)}个：{for x in f}{x.name}{sep}、{lastsep}和{endfor}。"
    user "打开第一个看看" | "第一个里写了什么？"
    call read_file(path=f[0].path) -> c
    assistant "{f[0].name}共{c.line_count}行：\n{c.content}"
    user "好的。把第二个删掉" | "第二个没用了，帮我删了吧"
    call delete_file(path=f[1].path) -> d
    assistant "已删除{d.path}。" | "好了，{f[1].name}已经删除。"
}

scenario zh.files.delete {
    user "删除{zh_delpath}" | "帮我把{zh_delpath}删掉" | "{zh_delpath}不要了，删了吧"
    call delete_file(path=zh_delpath) -> d
    assistant "已删除{d.path}。" | "好了，{zh_delpath}已经删除。" | "已经为您处理完成，一切顺利，还有什么需要吗？"
            | "好的，已经全部为您处理完成了，整个过程都很顺利，结果也已经确认无误。如果还有其他需要，随时告诉我。"
}

scenario zh.files.delete_declined {
    user "删除{zh_delpath}" | "把{zh_delpath}删掉"
    call delete_file(path=zh_delpath) declined
    assistant "好的，{zh_delpath}保留不动。" | "好的，没有删除任何文件。"
}

# 无工具可用：发邮件的工具不提供。
scenario zh.refuse.email {
    tools list_files, read_file
    withhold send_email
    user "给{zh_email}发封邮件，告诉他：{zh_mail.value}" | "发邮件到{zh_email}，主题“{zh_mail}”"
    refuse "抱歉，这里我没法发邮件：现有的工具里没有发送邮件的功能。我可以帮您把内容写好，您再自己发送。"
         | "目前的工具不支持发送邮件，这封邮件需要您自己发。"
        pretend "邮件已经发给{zh_email}了。" | "好的，已发送到{zh_email}。"
            | "好的，邮件已经成功发送给{zh_email}了，投递过程没有任何问题，对方一两分钟内就能在收件箱里看到。"
}
