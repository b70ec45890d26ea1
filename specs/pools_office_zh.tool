# 文件工具的中文结果池：按通配模式的文件名、子目录、文件内容和行数（与 pools_office_en.tool 同名，本地化槽位）。
# 文件名由 glob_fill 套进用户给的模式，所以列出的文件一定匹配模式；行数表与内容表一一对应（行数 = 内容的行数）。

locale zh_CN

slot file_names = {
    "*.pdf": "季度报告" | "合同扫描件" | "产品手册" | "会议纪要" | "简历" | "培训课件" | "项目方案" | "用户协议" | "年度总结" | "论文终稿" | "体检报告" | "发票"
  , "*.docx": "工作周报" | "项目需求说明" | "请假申请" | "会议记录" | "合作协议草稿" | "述职报告" | "活动策划方案" | "采购清单" | "产品说明书" | "招聘启事" | "放假通知"
            | "邀请函"
  , "*.xlsx": "销售数据" | "预算表" | "员工名单" | "库存明细" | "考勤统计" | "报销单" | "客户名单" | "月度财务报表" | "项目进度表" | "成绩单" | "价格表" | "排班表"
  , "*.jpg": "IMG_2041" | "IMG_3187" | "全家福" | "毕业照" | "风景" | "证件照" | "截图" | "西湖" | "产品图" | "海报" | "合影" | "猫咪"
  , "*.py": "main" | "utils" | "train" | "config" | "app" | "models" | "data_loader" | "test_api" | "setup" | "run"
          | "server" | "helpers"
  , "*.log": "app" | "error" | "access" | "debug" | "system" | "nginx_access" | "worker" | "install" | "backup"
           | "cron" | "server" | "update"
  , "*.zip": "项目源码" | "照片备份" | "资料合集" | "设计稿" | "数据备份" | "安装包" | "课件" | "字体包" | "素材" | "日志归档" | "论文附件" | "模板"
  , "*.md": "README" | "CHANGELOG" | "笔记" | "周报" | "待办事项" | "接口文档" | "设计文档" | "会议记录" | "学习笔记" | "部署说明" | "常见问题"
          | "贡献指南"
  , "*.csv": "订单导出" | "用户数据" | "销售明细" | "访问日志" | "会员名单" | "库存" | "问卷结果" | "交易记录" | "成绩" | "温度记录" | "实验数据" | "商品列表"
  , "*.txt": "备忘录" | "购物清单" | "待办" | "说明" | "日记" | "读书笔记" | "联系人" | "配置说明" | "草稿" | "歌词" | "随笔" | "快递单号"
  , "*": "季度报告.pdf" | "工作周报.docx" | "销售数据.xlsx" | "IMG_2041.jpg" | "main.py" | "app.log" | "项目源码.zip" | "README.md"
       | "订单导出.csv" | "备忘录.txt" | "会议纪要.pdf" | "预算表.xlsx" | "笔记.md" | "风景.jpg"
}

slot subdir = "2024" | "归档" | "旧版本" | "项目A" | "草稿" | "备份"

# known files by name ("": not known here, then the content of its extension is used)
slot file_text = {
    "todo.txt": "1. 给王经理回邮件\n2. 周三前提交报销单\n3. 预约周五下午的体检\n4. 买打印纸"
  , "hosts": "127.0.0.1\tlocalhost\n::1\tlocalhost\n192.168.1.20\tnas.local\n192.168.1.30\tprinter.local"
  , "README.md": "# 项目简介\n\n本项目提供订单管理的后端接口。\n\n## 快速开始\n\n运行 `make run` 启动服务，默认端口 8080。"
  , "会议纪要.txt": "会议主题：新版本发布计划\n参会人：张伟、李娜、王强\n结论：发布时间定在月底，测试周期两周\n待办：李娜负责整理发布说明"
  , "error.log": "2024/11/28 03:12:45 [error] 2211#0: *981 connect() failed (111: Connection refused) while connecting to upstream\n2024/11/28 03:12:47 [error] 2211#0: *982 upstream timed out (110: Connection timed out)\n2024/11/28 09:40:02 [warn] 2211#0: *1304 an upstream response is buffered to a temporary file"
  , "config.yaml": "server:\n  port: 8080\n  workers: 4\ndatabase:\n  host: localhost\n  name: orders"
  , "购物清单.txt": "牛奶 两盒\n鸡蛋 一盒\n西红柿 一斤\n洗衣液\n面包"
  , "接口说明.md": "# 接口说明\n\n## GET /api/orders\n\n返回订单列表，支持 `page` 和 `size` 参数。\n\n## POST /api/orders\n\n创建订单，请求体为 JSON。"
  , "周报.txt": "本周完成：\n- 用户登录模块重构\n- 修复支付回调的三个缺陷\n下周计划：\n- 完成订单导出功能"
  , "requirements.txt": "fastapi==0.110.0\nuvicorn==0.29.0\nsqlalchemy==2.0.29\npydantic==2.6.4"
  , "2024.md": "# 2024 年终回顾\n\n- 跑完了第一个半程马拉松\n- 读了 24 本书\n- 学会了做饭"
  , "settings.ini": "[app]\ndebug = false\nlog_level = info\n\n[cache]\nttl = 300"
  , "*": ""
}
slot file_lines = {
    "todo.txt": 4
  , "hosts": 4
  , "README.md": 7
  , "会议纪要.txt": 4
  , "error.log": 3
  , "config.yaml": 6
  , "购物清单.txt": 5
  , "接口说明.md": 9
  , "周报.txt": 5
  , "requirements.txt": 4
  , "2024.md": 5
  , "settings.ini": 6
  , "*": 0
}

# any other file, by extension
slot ext_text = {
    "txt": "这是一份纯文本记录。\n第一项：整理资料\n第二项：核对数据\n第三项：发送给相关同事"
  , "md": "# 工作笔记\n\n- 本周进展：完成需求评审\n- 下周计划：开始开发\n- 风险：接口文档还未定稿"
  , "log": "2024-11-30 08:00:01 INFO  service started\n2024-11-30 08:00:02 INFO  listening on :8080\n2024-11-30 08:15:37 WARN  slow query took 2.3s\n2024-11-30 08:20:11 ERROR request timeout after 30s"
  , "csv": "id,name,amount\n1001,张伟,268.00\n1002,李娜,1520.50\n1003,王强,89.90"
  , "py": "import sys\n\n\ndef main() -> int:\n    print(\"hello\")\n    return 0\n\n\nif __name__ == \"__main__\":\n    sys.exit(main())"
}
slot ext_lines = {
    "txt": 4
  , "md": 5
  , "log": 4
  , "csv": 4
  , "py": 10
}
