# 数据库、数据分析、图像处理、系统命令（中文）：自然语言到枚举/SQL/命令的映射、缺参澄清、找文件→分析的依赖链。
# 查询结果满足 WHERE 条件和起始日期、行数不超过 limit；分析结果里的英文代码（rising 等）在回复里换成中文。

locale zh_CN
import "tools_data.tool"
import "tools_office.tool"

slot zh_table      = { "订单": "orders", "客户": "customers", "产品": "products", "商品": "products", "员工": "employees" }
slot zh_order_cond = { "金额超过1000元": "amount > 1000", "金额低于50元": "amount < 50", "已发货": "status = 'shipped'",
                       "待付款": "status = 'pending'", "已退款": "status = 'refunded'", "来自上海": "city = '上海'", "来自北京": "city = '北京'",
                       "用信用卡支付": "payment_method = 'credit_card'", "买了三件以上": "quantity > 3" }
slot zh_since      = faker.date_between(start_date="-90d", end_date="-1d")
slot zh_nrows      = int(3..12)
# 用户说的列名 -> 含有这一列的数据文件，成对抽取（不会出现“会员消费.csv的转化率”）：`{zh_colfile}`是列名，
# `{zh_colfile.value}`是文件；`zh_store_colfile`：按门店分行的文件
slot zh_colfile    = { "销售额": "sales_2024.csv", "退款率": "sales_2024.csv", "利润": "~/报表/季度营收.xlsx",
                       "订单量": "./data/orders.csv", "客单价": "./data/orders.csv", "日销售额": "门店销售日报.xlsx",
                       "活跃用户数": "用户留存.xlsx", "留存率": "用户留存.xlsx", "访问量": "traffic.csv", "跳出率": "traffic.csv",
                       "消费金额": "/data/exports/会员消费.csv", "库存量": "库存明细.xlsx", "转化率": "marketing_campaign.csv",
                       "广告花费": "marketing_campaign.csv", "使用时长": "./data/app_events.csv" }
slot zh_store_colfile = { "销售额": "门店销售日报.xlsx", "日销售额": "门店销售日报.xlsx", "订单量": "./data/orders.csv",
                          "客单价": "sales_2024.csv", "退款率": "sales_2024.csv", "库存量": "库存明细.xlsx",
                          "利润": "~/报表/季度营收.xlsx" }
# 没有“相关性”：单独一列谈不上相关（相关是两个变量之间的，这个工具只接受一列）
slot zh_analysis   = { "趋势": "trend", "变化趋势": "trend", "分布": "distribution",
                       "异常值": "outliers", "离群点": "outliers", "预测": "forecast", "未来走势": "forecast",
                       "统计摘要": "summary", "基本统计": "summary" }
slot zh_column     = "销售额" | "订单量" | "客单价" | "活跃用户数" | "退款率" | "利润" | "访问量" | "转化率" | "库存量"
slot zh_period     = { "按天": "day", "按周": "week", "按月": "month", "按季度": "quarter", "按年": "year" }
slot zh_img        = "~/Pictures/头像.png" | "./images/banner.jpg" | "产品图.jpg" | "/data/photos/IMG_2043.jpg"
                   | "截图2024.png" | "~/Desktop/合影.jpg" | "logo.png" | "./assets/海报.webp" | "证件照.jpg"
                   | "~/Downloads/风景.jpg"
slot zh_img_op     = { "转成黑白": "grayscale", "变成黑白的": "grayscale", "去掉背景": "remove_background",
                       "抠图": "remove_background", "压缩一下": "compress", "做个模糊处理": "blur", "锐化一下": "sharpen",
                       "调清晰一点": "sharpen" }
slot zh_fmt        = { "PNG": "png", "png格式": "png", "JPG": "jpg", "jpg格式": "jpg", "WebP": "webp" }
slot zh_width      = 240 | 320 | 400 | 480 | 500 | 600 | 640 | 720 | 800 | 1000 | 1024 | 1080 | 1200 | 1280 | 1440 | 1600
                  | 1920 | 2048 | 2560 | 3840  # 常用的宽度，不是1961这样的数
slot zh_angle      = { "顺时针旋转90度": 90, "向右转90度": 90, "旋转180度": 180, "倒过来": 180, "逆时针旋转90度": -90,
                       "向左转90度": -90 }
slot zh_cmd        = { "查看磁盘空间": "df -h", "看看内存使用情况": "free -h", "列出当前目录的文件": "ls -la",
                       "看看有哪些进程在运行": "ps aux", "查看git状态": "git status", "查看本机IP地址": "ip addr",
                       "看一下Python版本": "python3 --version", "看看有哪些容器在运行": "docker ps",
                       "查看显卡占用": "nvidia-smi", "看看系统运行了多久": "uptime -p", "查看当前目录占用的空间": "du -sh ." }
slot zh_rawcmd     = "ls -la" | "git status" | "python3 --version" | "docker ps" | "nvidia-smi" | "uname -a"
                   | "pip list" | "df -h" | "ping -c 4 baidu.com" | "git log --oneline -5" | "npm run build"
                   | "tail -n 50 app.log" | "make test" | "ps aux | grep nginx"
slot zh_workdir    = "~/projects/website" | "/opt/app" | "./backend" | "~/code/toolc" | "/var/www/html"

slot zh_amount_cond = { "金额超过1000元": "amount > 1000", "金额低于50元": "amount < 50" }
slot zh_datadir    = "/data/exports" | "~/报表" | "./data" | "~/数据分析" | "/srv/exports"
slot trend_zh      = { "rising": "上升", "falling": "下降", "flat": "平稳" }
slot period_zh     = { "day": "天", "week": "周", "month": "月", "quarter": "季度", "year": "年" }
slot status_zh     = { "paid": "已付款", "shipped": "已发货", "delivered": "已签收", "pending": "待付款", "refunded": "已退款" }

scenario zh.db.query weight 2 {
    user "查一下{zh_table}表[的前{zh_nrows}条记录]"
       | "从数据库里查{zh_nrows}条{zh_table}数据"
       | "帮我看看{zh_table}表里自{zh_since}起新增的数据"
       | "查询{zh_since}以来的{zh_table}记录[，最多{zh_nrows}条]"
    call query_database(table=zh_table, since=zh_since, limit=zh_nrows) -> q
    assistant "共有{q.total_matches}条符合条件的记录，返回了{q.row_count}条，已导出到{q.export_path}。"
            | "查询完成，返回{q.row_count}条记录：{for r in q.rows}\n- 编号{r.id}，{r.name ?? r.customer}，创建于{r.created}{endfor}"
}

scenario zh.db.orders weight 2 {
    user "查一下{zh_order_cond}的订单"
       | "有多少{zh_order_cond}的订单？"
       | "帮我把{zh_order_cond}的订单找出来"
       | "列出{zh_since}以后{zh_order_cond}的订单"
    call query_database(table="orders", where=zh_order_cond, since=zh_since) -> q
    assistant case {                              # 全部返回时不说“前N笔”
        when q.row_count == q.total_matches:
            "符合条件的订单共{q.total_matches}笔，已全部返回：{for o in q.rows}\n- 订单{o.id}：客户{o.customer}，金额{fmt(o.amount, 2)}元，{status_zh[o.status]}{endfor}"
          | "共{q.total_matches}笔订单符合条件，已全部导出到{q.export_path}。"
        else: "符合条件的订单共{q.total_matches}笔，返回了前{q.row_count}笔：{for o in q.rows}\n- 订单{o.id}：客户{o.customer}，金额{fmt(o.amount, 2)}元，{status_zh[o.status]}{endfor}"
            | "共{q.total_matches}笔订单符合条件，返回的{q.row_count}笔已导出到{q.export_path}。" }
}

scenario zh.db.top {
    user "金额最高的{zh_nrows}笔订单是哪些？"
       | "按金额从高到低列出前{zh_nrows}个订单"
       | "查出金额排名前{zh_nrows}的订单"
    call query_database(table="orders", order_by="-amount", limit=zh_nrows) -> q
    assistant "金额最高的{q.row_count}笔订单：{for o in q.rows}\n- 订单{o.id}（{o.customer}）：{fmt(o.amount, 2)}元{endfor}"
}

scenario zh.db.columns {
    user "查一下{zh_amount_cond}的订单，只要订单号和金额"
       | "{zh_amount_cond}的订单有哪些？只显示编号和金额就行"
       | "列出{zh_amount_cond}的订单编号和金额" | "把{zh_amount_cond}的订单号和金额给我" | "{zh_amount_cond}的订单，我只要编号和金额"
    call query_database(table="orders", where=zh_amount_cond, columns=["id", "amount"]) -> q
    assistant case {
        when q.total_matches == q.row_count: "共{q.row_count}笔：{for o in q.rows}\n- 订单{o.id}：{fmt(o.amount, 2)}元{endfor}"
        else: "共{q.total_matches}笔，前{q.row_count}笔如下：{for o in q.rows}\n- 订单{o.id}：{fmt(o.amount, 2)}元{endfor}"
    }
}

# 没说查哪张表：插入“请问要查询哪张表：订单、客户、产品还是员工？”。
scenario zh.db.vague {
    user "帮我查一下数据库"
       | "查点数据"
       | "从数据库里查{zh_nrows}条记录"
       | "查一下{zh_since}以后的数据"
    call query_database(table=zh_table, since=zh_since, limit=zh_nrows) -> q
    assistant "{zh_table}表返回了{q.row_count}条记录（共{q.total_matches}条符合条件）。"
}

scenario zh.data.analyze weight 2 {
    user "分析一下{zh_colfile.value}中{zh_colfile}的{zh_analysis}"
       | "帮我看看{zh_colfile.value}里{zh_colfile}的{zh_analysis}"
       | "对{zh_colfile.value}做个{zh_analysis}分析，重点看{zh_colfile}"
       | "{zh_colfile.value}里的{zh_colfile}{zh_period}看，{zh_analysis}怎么样？"
    call analyze_data(file_path=zh_colfile, analysis=zh_analysis, column=zh_colfile.text, period=zh_period) -> a
    assistant case {
        when a.analysis == "trend": "{zh_colfile.value}的数据呈{trend_zh[a.trend]}趋势，每期变化{a.change_pct}%，均值{a.mean}。"
        when a.analysis == "forecast": "预计下一期约为{a.next_value}（最近一期为{a.last_value}），整体{trend_zh[a.trend]}（每期变化{a.change_pct}%），当前均值{a.mean}。"
        when a.analysis == "distribution": "数据范围{a.minimum}～{a.maximum}，中位数{a.median}，偏度{a.skewness}。"
        when a.analysis == "outliers": "发现{a.outliers}个异常值，数据范围{a.minimum}～{a.maximum}，均值{a.mean}。"
        else: "分析完成：共{a.count}条数据，均值{a.mean}，中位数{a.median}，标准差{a.std}。"
    }
}

scenario zh.data.group {
    user "把{zh_store_colfile.value}按门店分组，统计{zh_store_colfile}"
       | "{zh_store_colfile.value}里的{zh_store_colfile}按门店汇总一下"
       | "按门店分组分析{zh_store_colfile.value}的{zh_store_colfile}"
    call analyze_data(file_path=zh_store_colfile, column=zh_store_colfile.text, group_by="store") -> a
    assistant "已按门店分成{a.groups}组统计{zh_store_colfile}：总体均值{a.mean}，中位数{a.median}；均值最高的是{a.top_group}，为{a.top_group_mean}。"
}

# 用户先说列名，问到时再说文件（`zh_colfile`把两者配成一对：只说列名不等于说了文件，否则编译器会用工具自己的问题来问）
scenario zh.data.vague {
    user "帮我分析一下{zh_colfile}的数据"
       | "做个{zh_colfile}的数据分析"
       | "帮我看看{zh_colfile}的统计情况"
    ask "请问要分析哪个数据文件？" | "好的，是哪个数据文件？"
    user "{zh_colfile.value}" | "是{zh_colfile.value}。" | "用{zh_colfile.value}。"
    call analyze_data(file_path=zh_colfile, column=zh_colfile.text) -> a
    assistant "分析完成：共{a.count}条数据，均值{a.mean}，标准差{a.std}。"
}

# 依赖链：先找到最新的 CSV 文件，再分析它。
scenario zh.data.chain weight 2 {
    user "找到{zh_datadir}里最新的CSV文件，分析一下{zh_column}的{zh_analysis}"
       | "{zh_datadir}下最近修改的CSV，帮我做个{zh_analysis}分析"
    call list_files(directory=zh_datadir, pattern="*.csv", sort_by="modified") -> f
    call analyze_data(file_path=f[0].path, analysis=zh_analysis, column=zh_column) -> a
    assistant case {                              # 回答用户要的那种分析
        when a.analysis == "trend": "最新的文件是{f[0].path}（修改于{f[0].modified}），数据呈{trend_zh[a.trend]}趋势，每期变化{a.change_pct}%，均值{a.mean}。"
        when a.analysis == "forecast": "最新的文件是{f[0].path}（修改于{f[0].modified}），预计下一期约为{a.next_value}（最近一期为{a.last_value}），整体{trend_zh[a.trend]}。"
        when a.analysis == "distribution": "最新的文件是{f[0].path}（修改于{f[0].modified}），数据范围{a.minimum}～{a.maximum}，中位数{a.median}，偏度{a.skewness}。"
        when a.analysis == "outliers": "最新的文件是{f[0].path}（修改于{f[0].modified}），发现{a.outliers}个异常值，数据范围{a.minimum}～{a.maximum}。"
        else: "最新的文件是{f[0].path}（修改于{f[0].modified}），共{a.count}条数据，均值{a.mean}，中位数{a.median}，标准差{a.std}。"
    }
}

scenario zh.image.edit weight 2 {
    user "把{zh_img}{zh_img_op}"
       | "帮我把图片{zh_img}{zh_img_op}"
       | "{zh_img}这张图，{zh_img_op}[，保存成{zh_fmt}]"
       | "请将{zh_img}{zh_img_op}，输出{zh_fmt}"
    call process_image(image_path=zh_img, operation=zh_img_op, output_format=zh_fmt) -> p
    assistant "处理完成，已保存为{upper(p.format)}格式：{p.output_path}。" | "好了，新图片在{p.output_path}，大小{p.size_kb} KB。"
}

scenario zh.image.resize {
    user "把{zh_img}的宽度调整为{zh_width}像素"
       | "{zh_img}缩放到{zh_width}宽"
       | "把图片{zh_img}改成{zh_width}px宽"
    call process_image(image_path=zh_img, operation="resize", width=zh_width) -> p
    assistant "已将图片调整为{p.size.width}×{p.size.height}像素（原图{p.original.width}×{p.original.height}），保存在{p.output_path}。"
}

scenario zh.image.rotate {
    user "把{zh_img}{zh_angle}"
       | "帮我把{zh_img}这张图{zh_angle}"
       | "{zh_img}需要{zh_angle}"
    call process_image(image_path=zh_img, operation="rotate", angle=zh_angle) -> p
    assistant "已旋转，现在是{p.size.width}×{p.size.height}像素，保存在{p.output_path}。"
}

# 图片和操作都没说：依次插入两个提问。
scenario zh.image.vague {
    user "帮我处理一张图片"
       | "帮我修一下图"
       | "有张照片需要处理一下"
    call process_image(image_path=zh_img, operation=zh_img_op) -> p
    assistant "处理完成，已保存到{p.output_path}。"
}

scenario zh.cmd.run weight 2 {
    user "帮我{zh_cmd}"
       | "用命令行{zh_cmd}"
       | "在终端里{zh_cmd}"
       | "我想{zh_cmd}"
    call run_command(command=zh_cmd) -> o
    assistant "命令执行完成（退出码{o.exit_code}），输出：\n{o.stdout}" | "结果如下：\n{o.stdout}"
}

scenario zh.cmd.raw weight 2 {
    user "运行 {zh_rawcmd}"
       | "执行一下 `{zh_rawcmd}`"
       | "帮我在终端跑一下 {zh_rawcmd}"
       | "在{zh_workdir}目录下执行 {zh_rawcmd}"
    call run_command(command=zh_rawcmd, working_dir=zh_workdir) -> o
    assistant "执行完成，用时{o.duration_ms}毫秒，输出：\n{o.stdout}"
}

# 没说命令：先问要执行什么命令。
scenario zh.cmd.vague {
    user "帮我执行个命令"
       | "运行一条shell命令"
       | "在{zh_workdir}里跑个命令"
    ask "请问要执行什么命令？" | "好的，要运行哪条命令？"
    user "执行{zh_rawcmd}这个命令" | "帮我跑一下{zh_rawcmd}" | "运行{zh_rawcmd}就行"
    call run_command(command=zh_rawcmd, working_dir=zh_workdir) -> o
    assistant "执行完成，输出：\n{o.stdout}"
}

# ------------------------------------------------------------------------------------------ 报错、多轮会话、取消的命令

# 用户口中的列名（订单表里没有，query_database 报 unknown_column）及其对应的列
slot zh_badcol   = { "金额": "amount", "日期": "created", "客户": "customer", "订单号": "id" }
slot zh_risky    = "rm -rf node_modules" | "git reset --hard HEAD~1" | "sudo reboot" | "docker system prune -a"
                 | "rm -rf ./build" | "git push --force" | "sudo apt upgrade -y" | "kill -9 1822"

# 报错后修正参数重试：用户说的列名不是表里的列名。
scenario zh.db.columns_retry {
    user "查一下{zh_amount_cond}的订单，只要{zh_badcol}和status两列" | "列出{zh_amount_cond}的订单，只显示{zh_badcol}和status"
    call query_database(table="orders", where=zh_amount_cond, columns=[zh_badcol.text, "status"]) fails unknown_column
    call query_database(table="orders", where=zh_amount_cond, columns=[zh_badcol, "status"]) -> q
    assistant "订单表里没有“{zh_badcol}”这一列，我改用了对应的{lower(zh_badcol)}列。共有{q.total_matches}条符合条件，返回了{q.row_count}条，第一条的状态是{status_zh[q.rows[0].status]}。"
}

# 报错并说明：数据库繁忙，查询超时。
scenario zh.db.timeout {
    user "查一下{zh_order_cond}的订单" | "帮我找出{zh_order_cond}的订单"
    call query_database(table="orders", where=zh_order_cond) -> q fails timeout 100%
    assistant "查询超时了：数据库现在比较繁忙。要我稍后再试一次，还是把范围缩小一些，比如只查最近一个月？"
}

# 多轮会话：带列清单的查询（列表参数），再把导出文件作为附件发邮件（发送前先确认）。
scenario zh.db.session {
    user "查一下{zh_order_cond}的订单，只要订单号和金额" | "{zh_order_cond}的订单有哪些？只显示id和amount两列就行"
    call query_database(table="orders", where=zh_order_cond, columns=["id", "amount"]) -> q2
    assistant case {
        when q2.row_count == q2.total_matches:
            "共有{q2.total_matches}条符合条件的订单，已全部导出到{q2.export_path}，第一条是#{q2.rows[0].id}（{fmt(q2.rows[0].amount, 2)}元）。"
        else: "共有{q2.total_matches}条符合条件的订单，前{q2.row_count}条已导出到{q2.export_path}，第一条是#{q2.rows[0].id}（{fmt(q2.rows[0].amount, 2)}元）。" }
    user "把这个导出文件发给{zh_email}" | "把文件用邮件发给{zh_email}"
    call send_email(to=zh_email, subject="订单导出", body="附件是您要的订单导出文件。", attachments=[q2.export_path]) -> m
    assistant "已把{q2.export_path}发送给{m.to}。"
}

scenario zh.cmd.declined {
    user "帮我执行一下这条命令：{zh_risky}" | "运行一下`{zh_risky}`这个命令" | "[在{zh_workdir}目录下]帮我跑一下{zh_risky}"
    call run_command(command=zh_risky, working_dir=zh_workdir) declined
    assistant "好的，没有执行。" | "好的，这条命令先不运行。"
}
