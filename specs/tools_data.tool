# Tools for data and system work: query_database, analyze_data, process_image, run_command.
# Shared by data_zh.tool and data_en.tool (see tools_travel.tool for the language conventions).

locale en_US

tool query_database "Query the company's sales database (read-only). Results are also exported to a CSV file." {
    table: "orders" | "customers" | "products" | "employees"   "Table to query"
                                                  ask "请问要查询哪张表：订单、客户、产品还是员工？"
    where: string?                                "SQL WHERE condition, e.g. amount > 1000"
    since: date?                                  "Only rows created on or after this date, YYYY-MM-DD"
    order_by: string?                             "Column to sort by; prefix with - for descending"
    limit: int(1..1000) = 100                     "Maximum rows to return"
    columns: list[string]?                        "Columns to return; all columns when omitted"
    returns {
        row_count: int(0..5000)
        rows: list[{
            id: int(1000..99999)
            name: string = faker.name
            amount: float(10.0..5000.0)
            created: date
        }](1..3)
        export_path: string = faker.file_path(depth=2, extension="csv")
    }
}

tool analyze_data "Run a statistical analysis on a CSV or Excel file." {
    file_path: string                             "Path of the data file (.csv or .xlsx)"
                                                  ask "请问要分析哪个数据文件？"
    analysis: "summary" | "trend" | "correlation" | "distribution" | "outliers" | "forecast" = "summary"
                                                  "Kind of analysis"
    column: string?                               "Target column; every numeric column when omitted"
    group_by: string?                             "Column to group rows by before analysing"
    period: "day" | "week" | "month" | "quarter" | "year"?   "Time bucket for trend and forecast"
    returns {
        rows: int(50..200000)
        mean: float(1.0..10000.0)
        median: float(1.0..10000.0)
        std: float(0.1..2000.0)
        trend: "rising" | "falling" | "flat"
        outliers: int(0..30)
    }
}

tool process_image "Edit an image file and save the result as a new file." {
    image_path: string                            "Path of the source image"
                                                  ask "请问要处理哪张图片？"
    operation: "resize" | "crop" | "rotate" | "grayscale" | "blur" | "sharpen" | "compress" | "remove_background"
                                                  "Edit to apply"
                                                  ask "请问要对图片做什么处理？"
    width: int(1..10000)?                         "Target width in pixels (resize, crop); keeps the aspect ratio when height is omitted"
    height: int(1..10000)?                        "Target height in pixels (resize, crop)"
    angle: int(-360..360)?                        "Rotation in degrees, clockwise (rotate)"
    quality: int(1..100)?                         "Output quality (compress)"
    output_format: "png" | "jpg" | "webp"?        "Output format; same as the input when omitted"
    returns {
        output_path: string = faker.file_path(depth=2, category="image")
        width: int(16..8000)
        height: int(16..8000)
        size_kb: int(5..20000)
    }
}

tool run_command "Run a shell command on the user's machine and return its output." {
    command: string                               "The shell command line"
                                                  ask "请问要执行什么命令？"
    working_dir: string?                          "Directory to run in; the home directory when omitted"
    timeout_s: int(1..600) = 30                   "Stop the command after this many seconds"
    returns {
        exit_code: int = 0
        stdout: string = faker.sentence
        duration_ms: int(5..3000)
    }
}
