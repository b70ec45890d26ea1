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
  , "*.log": "app" | "error" | "api" | "debug" | "service" | "gateway" | "worker" | "auth" | "payments"
           | "scheduler" | "server" | "search"
  , "*.zip": "项目源码" | "照片备份" | "资料合集" | "设计稿" | "数据备份" | "安装包" | "课件" | "字体包" | "素材" | "日志归档" | "论文附件" | "模板"
  , "*.md": "README" | "CHANGELOG" | "笔记" | "周报" | "待办事项" | "接口文档" | "设计文档" | "会议记录" | "学习笔记" | "部署说明" | "常见问题"
          | "贡献指南"
  , "*.csv": "订单导出" | "用户数据" | "销售明细" | "访问日志" | "会员名单" | "库存" | "问卷结果" | "交易记录" | "成绩" | "温度记录" | "实验数据" | "商品列表"
  , "*.txt": "备忘录" | "购物清单" | "待办" | "说明" | "日记" | "读书笔记" | "联系人" | "配置说明" | "草稿" | "歌词" | "随笔" | "快递单号"
  , "*": "季度报告.pdf" | "工作周报.docx" | "销售数据.xlsx" | "IMG_2041.jpg" | "main.py" | "app.log" | "项目源码.zip" | "README.md"
       | "订单导出.csv" | "备忘录.txt" | "会议纪要.pdf" | "预算表.xlsx" | "笔记.md" | "风景.jpg"
}

# file names by the kind of folder (tools_office.tool `dir_kind`) and pattern: the exports of a data folder, the logs of
# /var/log, the code of ./src ...; no "*" entry, so a kind and pattern not listed here takes `file_names[pattern]`
slot folder_files = {
    "data:*.csv": "每日指标" | "每周KPI" | "门店指标" | "销售导出" | "三季度指标" | "看板导出" | "月度报表" | "KPI快照"
  , "log:*": "app.log" | "error.log" | "api.log" | "auth.log" | "gateway.log" | "worker.log" | "scheduler.log" | "payments.log"
  , "src:*": "main.py" | "utils.py" | "app.py" | "models.py" | "config.py" | "server.py" | "helpers.py" | "data_loader.py" | "test_api.py" | "README.md" | "requirements.txt"
  , "conf:*": "settings.ini" | "config.yaml" | "app.json" | "logging.conf" | "database.yaml" | "nginx.conf"
  , "pic:*": "IMG_2041.jpg" | "IMG_3187.jpg" | "全家福.jpg" | "毕业照.jpg" | "风景.jpg" | "西湖.jpg" | "合影.jpg" | "猫咪.jpg"
  , "contract:*": "合同扫描件.pdf" | "租赁合同.pdf" | "保密协议.pdf" | "服务协议.docx" | "合作协议草稿.docx" | "发票.pdf"
                | "用户协议.pdf"
  , "report:*": "季度报告.pdf" | "年度总结.pdf" | "销售数据.xlsx" | "月度财务报表.xlsx" | "工作周报.docx" | "问卷结果.csv" | "笔记.md"
}

slot subdir = "2024" | "归档" | "旧版本" | "项目A" | "草稿" | "备份"

# known files by name ("": not known here, then the content of its extension is used)
slot file_text = {
    "todo.txt": "1. 给王经理回邮件\n2. 周三前提交报销单\n3. 预约周五下午的体检\n4. 买打印纸"
  , "hosts": "127.0.0.1\tlocalhost\n::1\tlocalhost\n192.168.1.20\tnas.local\n192.168.1.30\tprinter.local"
  , "README.md": "# 项目简介\n\n本项目提供订单管理的后端接口。\n\n## 快速开始\n\n运行 `make run` 启动服务，默认端口 8080。"
  , "会议纪要.txt": "会议主题：新版本发布计划\n参会人：张伟、李娜、王强\n结论：发布时间定在月底，测试周期两周\n待办：李娜负责整理发布说明"
  , "config.yaml": "server:\n  port: 8080\n  workers: 4\ndatabase:\n  host: localhost\n  name: orders"
  , "购物清单.txt": "牛奶 两盒\n鸡蛋 一盒\n西红柿 一斤\n洗衣液\n面包"
  , "接口说明.md": "# 接口说明\n\n## GET /api/orders\n\n返回订单列表，支持 `page` 和 `size` 参数。\n\n## POST /api/orders\n\n创建订单，请求体为 JSON。"
  , "周报.txt": "本周完成：\n- 用户登录模块重构\n- 修复支付回调的三个缺陷\n下周计划：\n- 完成订单导出功能"
  , "requirements.txt": "fastapi==0.110.0\nuvicorn==0.29.0\nsqlalchemy==2.0.29\npydantic==2.6.4"
  , "2024.md": "# 2024 年终回顾\n\n- 跑完了第一个半程马拉松\n- 读了 24 本书\n- 学会了做饭"
  , "settings.ini": "[app]\ndebug = false\nlog_level = info\n\n[cache]\nttl = 300"
  , "订单导出.csv": "订单号,客户,金额,状态\n50231,张伟,268.00,已签收\n50232,李娜,1520.50,已发货\n50233,王强,89.90,已取消"
  , "用户数据.csv": "用户ID,姓名,手机号,注册日期\n1001,张伟,138****1234,2023-03-14\n1002,李娜,139****5678,2023-06-02\n1003,王强,137****9012,2024-01-19"
  , "会员名单.csv": "会员号,姓名,等级,入会日期\nM-201,张伟,金卡,2021-05-10\nM-202,李娜,银卡,2022-09-22\nM-203,王强,普通,2024-02-03"
  , "库存.csv": "货号,商品,库存,补货线\nA-1001,台灯,34,10\nA-1002,办公椅,5,8\nA-1003,笔记本,220,50"
  , "问卷结果.csv": "编号,满意度,是否推荐,意见\n1,4,是,发货快\n2,2,否,包装破损\n3,5,是,客服很好"
  , "成绩.csv": "姓名,数学,物理,语文\n张伟,92,88,95\n李娜,78,81,70\n王强,85,94,89"
  , "温度记录.csv": "日期,城市,最低气温,最高气温\n2024-11-28,北京,-3,6\n2024-11-29,北京,-5,4\n2024-11-30,北京,-2,7"
  , "实验数据.csv": "试验,剂量mg,响应,组别\n1,10,0.42,对照组\n2,20,0.57,实验组\n3,40,0.71,实验组"
  , "商品列表.csv": "商品ID,名称,价格,类别\nP-100,台灯,34.99,照明\nP-101,办公椅,199.00,家具\nP-102,笔记本,3.95,文具"
  , "备忘录.txt": "周五办公室不开放\n快递放前台\n二楼打印机已修好\n有问题找行政"
  , "待办.txt": "1. 给王经理回邮件\n2. 周三前提交报销单\n3. 预约体检\n4. 买打印纸"
  , "说明.txt": "安装步骤\n1. 解压安装包\n2. 运行 setup.exe\n3. 重启电脑"
  , "读书笔记.txt": "书名：《思考，快与慢》\n系统1快速、直觉\n系统2缓慢、审慎\n锚定效应会影响估计"
  , "联系人.txt": "张伟 138****1234\n李娜 139****5678\n王强 137****9012\n前台 010-12345678"
  , "配置说明.txt": "安装 Python 3.11\n创建虚拟环境：python -m venv .venv\n安装依赖：pip install -r requirements.txt\n启动：make run"
  , "草稿.txt": "各位同事：\n产品发布推迟到下周四。\n请相应调整安排。\n张伟"
  , "歌词.txt": "小燕子，穿花衣\n年年春天来这里\n我问燕子你为啥来\n燕子说这里的春天最美丽"
  , "随笔.txt": "给客户做一份周刊\n应用加一个深色模式\n推出老带新优惠\n每月一次团队聚餐"
  , "快递单号.txt": "SF1234567890123（顺丰，鞋子）\nYT9876543210987（圆通，书）\nJD014600006578（京东，手机壳）\nZTO7749345622（中通，显示器）"
  , "CHANGELOG.md": "# 更新日志\n\n## 1.4.0\n- 新增 CSV 导出\n- 修复登录超时问题"
  , "笔记.md": "# 笔记\n\n- 联系房东修暖气\n- 三月前续签护照\n- 备份笔记本电脑"
  , "周报.md": "# 工作周报\n\n- 本周进展：完成需求评审\n- 下周计划：开始开发\n- 风险：接口文档还未定稿"
  , "待办事项.md": "# 待办事项\n\n- [ ] 订机票\n- [x] 交电费\n- [ ] 把幻灯片发给李娜"
  , "接口文档.md": "# 接口文档\n\n## GET /api/users\n\n返回用户列表，支持 `page` 和 `size` 参数。"
  , "设计文档.md": "# 设计文档：订单导出\n\n## 目标\n\n让用户把订单导出为 CSV。\n\n## 方案\n\n后台任务生成文件，并通过邮件发送下载链接。"
  , "会议记录.md": "# 会议记录\n\n- 主题：第三季度路线图\n- 参会人：张伟、李娜、王强\n- 结论：先上线搜索，再做报表"
  , "学习笔记.md": "# 学习笔记：线性代数\n\n- 行列式不为零的矩阵可逆\n- 特征向量在变换后方向不变"
  , "部署说明.md": "# 部署说明\n\n1. 构建镜像：`docker build -t app .`\n2. 推送到镜像仓库\n3. 运行 `kubectl apply -f deploy.yaml`"
  , "常见问题.md": "# 常见问题\n\n**如何重置密码？**\n在登录页点击“忘记密码”。"
  , "贡献指南.md": "# 贡献指南\n\n1. Fork 本仓库\n2. 为你的修改新建分支\n3. 提交合并请求前先运行测试"
  , "*": ""
}

# any other file, by extension
slot ext_text = {
    "txt": "这是一份纯文本记录。\n第一项：整理资料\n第二项：核对数据\n第三项：发送给相关同事"
  , "md": "# 工作笔记\n\n- 本周进展：完成需求评审\n- 下周计划：开始开发\n- 风险：接口文档还未定稿"
  , "csv": "id,name,amount\n1001,张伟,268.00\n1002,李娜,1520.50\n1003,王强,89.90"
  , "py": "import sys\n\n\ndef main() -> int:\n    print(\"hello\")\n    return 0\n\n\nif __name__ == \"__main__\":\n    sys.exit(main())"
}
