# 数据工具的中文结果池：人名、商品、部门、订单城市（与 pools_data_en.tool 同名，本地化槽位）。

locale zh_CN

slot person       = faker.name
slot product_name = "无线蓝牙耳机" | "机械键盘" | "人体工学椅" | "保温杯" | "空气净化器" | "电动牙刷" | "智能手环" | "扫地机器人"
                  | "移动电源" | "台灯" | "双肩背包" | "咖啡机" | "电饭煲" | "加湿器" | "运动水壶" | "显示器支架"
slot department   = "销售部" | "市场部" | "研发部" | "人力资源部" | "财务部" | "客服部" | "运营部" | "法务部"
slot order_city   = "北京" | "上海" | "广州" | "深圳" | "杭州" | "成都" | "武汉" | "南京" | "西安" | "重庆" | "苏州" | "天津"
                  | "长沙" | "郑州" | "青岛" | "厦门" | "合肥" | "昆明"
# WHERE 条件里点名的城市（""：条件没有限定城市）
slot where_city   = { "city = '上海'": "上海", "city = '北京'": "北京", "*": "" }
slot pay_method   = { "payment_method = 'credit_card'": "credit_card",
                      "*": "alipay" | "wechat_pay" | "credit_card" | "debit_card" | "bank_transfer" }
slot store_name   = "人民路店" | "万达店" | "火车站店" | "滨江店" | "大学城店" | "机场店" | "老城店" | "高新区店" | "湖滨店" | "北门店"
