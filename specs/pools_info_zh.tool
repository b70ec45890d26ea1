# 搜索工具的中文结果池：标题后缀、摘要开头和结尾、网站、链接路径（与 pools_info_en.tool 同名，本地化槽位）。
# 标题和摘要都包含用户搜索的原词。

locale zh_CN

slot title_tail   = "：一文读懂" | "：最新进展与解读" | "全解析" | "，看这一篇就够了" | "：常见问题汇总" | "｜深度报道"
                  | "：专家怎么看？" | "入门指南" | "：你需要知道的几件事" | "（附参考资料）"
slot snippet_head = "本文详细介绍了" | "这篇文章梳理了" | "专家深入解读了" | "作者亲身体验并总结了" | "本期内容聚焦"
                  | "记者采访多位业内人士，讨论了"
slot snippet_tail = "内容涵盖背景知识、最新进展和常见问题。" | "文末附有参考资料和延伸阅读。" | "适合想快速入门的读者。"
                  | "评论区也有不少有价值的讨论。" | "文中引用了多方数据和案例。"
slot news_site    = "zhihu.com" | "sina.com.cn" | "163.com" | "thepaper.cn" | "people.com.cn" | "36kr.com" | "ifeng.com"
                  | "sohu.com" | "baike.baidu.com" | "csdn.net" | "douban.com" | "xinhuanet.com"
slot url_kind     = "question" | "p" | "article" | "news" | "detail"
