# English result pools of the file tools: file names by glob pattern, subdirectories, file contents and line
# counts (declared under the same names in pools_office_zh.tool). glob_fill fits a name to the pattern the
# user gave, so every listed file matches it; the line-count tables follow the content tables (lines = lines of the content).

locale en_US

slot file_names = {
    "*.pdf": "quarterly_report" | "contract_scan" | "product_manual" | "meeting_minutes" | "resume"
           | "training_slides" | "project_proposal" | "terms_of_service" | "annual_review" | "thesis_final"
           | "medical_report" | "invoice"
  , "*.docx": "weekly_update" | "requirements" | "leave_request" | "meeting_notes" | "partnership_draft"
            | "performance_review" | "event_plan" | "purchase_list" | "user_guide" | "job_posting" | "holiday_notice"
            | "invitation"
  , "*.xlsx": "sales_data" | "budget" | "staff_list" | "inventory" | "attendance" | "expenses" | "customers"
            | "monthly_financials" | "project_tracker" | "grades" | "price_list" | "rota"
  , "*.jpg": "IMG_2041" | "IMG_3187" | "family_photo" | "graduation" | "landscape" | "passport_photo" | "screenshot"
           | "beach" | "product_shot" | "poster" | "group_photo" | "cat"
  , "*.py": "main" | "utils" | "train" | "config" | "app" | "models" | "data_loader" | "test_api" | "setup" | "run"
          | "server" | "helpers"
  , "*.log": "app" | "error" | "api" | "debug" | "service" | "gateway" | "worker" | "auth" | "payments"
           | "scheduler" | "server" | "search"
  , "*.zip": "source_code" | "photo_backup" | "documents" | "designs" | "data_backup" | "installer"
           | "course_materials" | "fonts" | "assets" | "log_archive" | "thesis_appendix" | "templates"
  , "*.md": "README" | "CHANGELOG" | "notes" | "weekly" | "todo" | "api_reference" | "design_doc" | "meeting_notes"
          | "study_notes" | "deployment" | "FAQ" | "CONTRIBUTING"
  , "*.csv": "orders_export" | "users" | "sales_detail" | "visits" | "members" | "stock" | "survey_results"
           | "transactions" | "grades" | "temperatures" | "experiment" | "products"
  , "*.txt": "memo" | "shopping_list" | "todo" | "readme" | "journal" | "reading_notes" | "contacts" | "setup_notes"
           | "draft" | "lyrics" | "ideas" | "tracking_numbers"
  , "*": "quarterly_report.pdf" | "weekly_update.docx" | "sales_data.xlsx" | "IMG_2041.jpg" | "main.py" | "app.log"
       | "source_code.zip" | "README.md" | "orders_export.csv" | "memo.txt" | "meeting_minutes.pdf" | "budget.xlsx"
       | "notes.md" | "landscape.jpg"
}

# file names by the kind of folder (tools_office.tool `dir_kind`) and pattern: the exports of a data folder, the logs of
# /var/log, the code of ./src ...; no "*" entry, so a kind and pattern not listed here takes `file_names[pattern]`
slot folder_files = {
    "data:*.csv": "daily_metrics" | "weekly_kpis" | "store_metrics" | "sales_export" | "metrics_q3" | "dashboard_export"
                | "monthly_report" | "kpi_snapshot"
  , "log:*": "app.log" | "error.log" | "api.log" | "auth.log" | "gateway.log" | "worker.log" | "scheduler.log" | "payments.log"
  , "src:*": "main.py" | "utils.py" | "app.py" | "models.py" | "config.py" | "server.py" | "helpers.py" | "data_loader.py" | "test_api.py" | "README.md" | "requirements.txt"
  , "conf:*": "settings.ini" | "config.yaml" | "app.json" | "logging.conf" | "database.yaml" | "nginx.conf"
  , "pic:*": "IMG_2041.jpg" | "IMG_3187.jpg" | "family_photo.jpg" | "graduation.jpg" | "landscape.jpg" | "beach.jpg"
           | "group_photo.jpg" | "cat.jpg"
  , "contract:*": "contract_scan.pdf" | "lease_agreement.pdf" | "nda_signed.pdf" | "service_agreement.docx"
                | "partnership_draft.docx" | "invoice.pdf" | "terms_of_service.pdf"
  , "report:*": "quarterly_report.pdf" | "annual_review.pdf" | "sales_data.xlsx" | "monthly_financials.xlsx"
              | "weekly_update.docx" | "survey_results.csv" | "notes.md"
}

slot subdir = "archive" | "2024" | "old" | "drafts" | "project-a" | "backup"

# known files by name ("": not known here, then the content of its extension is used)
slot file_text = {
    "todo.txt": "1. Reply to Sarah's email\n2. Submit expense report by Wednesday\n3. Book a dentist appointment\n4. Buy printer paper"
  , "hosts": "127.0.0.1\tlocalhost\n::1\tlocalhost\n192.168.1.20\tnas.local\n192.168.1.30\tprinter.local"
  , "README.md": "# Order Service\n\nBackend API for order management.\n\n## Quick start\n\nRun `make run` to start the server on port 8080."
  , "meeting-notes.txt": "Topic: release plan for v2.0\nAttendees: Alice, Bob, Priya\nDecision: ship at the end of the month after two weeks of testing\nAction item: Bob writes the release notes"
  , "config.yaml": "server:\n  port: 8080\n  workers: 4\ndatabase:\n  host: localhost\n  name: orders"
  , "shopping-list.txt": "milk\neggs\ntomatoes\nlaundry detergent\nbread"
  , "api.md": "# API\n\n## GET /api/orders\n\nLists orders; supports `page` and `size`.\n\n## POST /api/orders\n\nCreates an order from a JSON body."
  , "weekly.txt": "Done this week:\n- Refactored the login module\n- Fixed three payment callback bugs\nNext week:\n- Finish the order export"
  , "requirements.txt": "fastapi==0.110.0\nuvicorn==0.29.0\nsqlalchemy==2.0.29\npydantic==2.6.4"
  , "2024.md": "# 2024 in review\n\n- Ran my first half marathon\n- Read 24 books\n- Learned to cook"
  , "settings.ini": "[app]\ndebug = false\nlog_level = info\n\n[cache]\nttl = 300"
  , "orders_export.csv": "order_id,customer,amount,status\n50231,Alice Chen,268.00,delivered\n50232,Bob Smith,1520.50,shipped\n50233,Priya Patel,89.90,cancelled"
  , "users.csv": "user_id,name,email,signup_date\n1001,Alice Chen,alice@example.com,2023-03-14\n1002,Bob Smith,bob@example.com,2023-06-02\n1003,Priya Patel,priya@example.com,2024-01-19"
  , "members.csv": "member_id,name,tier,joined\nM-201,Alice Chen,gold,2021-05-10\nM-202,Bob Smith,silver,2022-09-22\nM-203,Priya Patel,bronze,2024-02-03"
  , "stock.csv": "sku,item,in_stock,reorder_level\nA-1001,Desk Lamp,34,10\nA-1002,Office Chair,5,8\nA-1003,Notebook,220,50"
  , "survey_results.csv": "respondent,satisfaction,recommend,comment\n1,4,yes,Fast delivery\n2,2,no,Packaging was damaged\n3,5,yes,Great support"
  , "grades.csv": "student,math,physics,english\nAlice Chen,92,88,95\nBob Smith,78,81,70\nPriya Patel,85,94,89"
  , "temperatures.csv": "date,city,low_c,high_c\n2024-11-28,Boston,1,8\n2024-11-29,Boston,-2,5\n2024-11-30,Boston,3,10"
  , "experiment.csv": "trial,dose_mg,response,group\n1,10,0.42,control\n2,20,0.57,treatment\n3,40,0.71,treatment"
  , "products.csv": "product_id,name,price,category\nP-100,Desk Lamp,34.99,lighting\nP-101,Office Chair,199.00,furniture\nP-102,Notebook,3.95,stationery"
  , "memo.txt": "Memo: the office is closed on Friday\nDeliveries go to the front desk\nThe printer on floor 2 is fixed\nQuestions go to facilities"
  , "shopping_list.txt": "milk\neggs\ntomatoes\nbread"
  , "readme.txt": "How to install\n1. Unzip the archive\n2. Run setup.exe\n3. Restart the computer"
  , "reading_notes.txt": "Book: Thinking, Fast and Slow\nSystem 1 is fast and intuitive\nSystem 2 is slow and deliberate\nAnchoring skews estimates"
  , "contacts.txt": "Alice Chen, 555-0142\nBob Smith, 555-0178\nPriya Patel, 555-0193\nFront desk, 555-0100"
  , "setup_notes.txt": "Install Python 3.11\nCreate a virtualenv: python -m venv .venv\nInstall deps: pip install -r requirements.txt\nRun: make run"
  , "draft.txt": "Dear team,\nthe launch moves to next Thursday.\nPlease update your schedules.\nThanks, Alice"
  , "lyrics.txt": "Row, row, row your boat\nGently down the stream\nMerrily, merrily, merrily, merrily\nLife is but a dream"
  , "ideas.txt": "A weekly newsletter for customers\nA dark mode for the app\nA referral discount\nA team lunch once a month"
  , "tracking_numbers.txt": "1Z999AA10123456784 (UPS, shoes)\n9400111899223197428490 (USPS, books)\n7749 3456 2210 (FedEx, monitor)\nJD014600006578 (DHL, phone case)"
  , "CHANGELOG.md": "# Changelog\n\n## 1.4.0\n- Added CSV export\n- Fixed the login timeout"
  , "notes.md": "# Notes\n\n- Call the landlord about the heating\n- Renew the passport before March\n- Back up the laptop"
  , "weekly.md": "# Weekly update\n\n- Done: the design review\n- Next: start development\n- Risk: the API spec is not final yet"
  , "todo.md": "# To do\n\n- [ ] Book the flights\n- [x] Pay the electricity bill\n- [ ] Send the slides to Bob"
  , "api_reference.md": "# API reference\n\n## GET /api/users\n\nReturns the users; supports `page` and `size`."
  , "design_doc.md": "# Design: order export\n\n## Goal\n\nLet users export their orders as CSV.\n\n## Approach\n\nA background job writes the file and emails a link."
  , "meeting_notes.md": "# Meeting notes\n\n- Topic: Q3 roadmap\n- Attendees: Alice, Bob, Priya\n- Decision: ship search before reports"
  , "study_notes.md": "# Study notes: linear algebra\n\n- A matrix is invertible when its determinant is not zero\n- An eigenvector keeps its direction"
  , "deployment.md": "# Deployment\n\n1. Build the image: `docker build -t app .`\n2. Push it to the registry\n3. Run `kubectl apply -f deploy.yaml`"
  , "FAQ.md": "# FAQ\n\n**How do I reset my password?**\nUse the \"Forgot password\" link on the sign-in page."
  , "CONTRIBUTING.md": "# Contributing\n\n1. Fork the repository\n2. Create a branch for your change\n3. Run the tests before opening a pull request"
  , "*": ""
}

# any other file, by extension
slot ext_text = {
    "txt": "Plain-text notes.\nItem 1: sort the documents\nItem 2: check the numbers\nItem 3: send them to the team"
  , "md": "# Work notes\n\n- This week: finished the design review\n- Next week: start development\n- Risk: the API spec is not final yet"
  , "csv": "id,name,amount\n1001,Alice Chen,268.00\n1002,Bob Smith,1520.50\n1003,Priya Patel,89.90"
  , "py": "import sys\n\n\ndef main() -> int:\n    print(\"hello\")\n    return 0\n\n\nif __name__ == \"__main__\":\n    sys.exit(main())"
}
