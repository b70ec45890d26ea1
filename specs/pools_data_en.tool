# English result pools of the data tools: people, products, departments, order cities (declared under the
# same names in pools_data_zh.tool).

locale en_US

slot person       = faker.name
slot product_name = "Wireless Earbuds" | "Mechanical Keyboard" | "Ergonomic Chair" | "Insulated Tumbler" | "Air Purifier"
                  | "Electric Toothbrush" | "Fitness Tracker" | "Robot Vacuum" | "Power Bank" | "Desk Lamp" | "Backpack"
                  | "Espresso Machine" | "Rice Cooker" | "Humidifier" | "Water Bottle" | "Monitor Arm"
# a product's typical price (US dollars); query_database's price lies within 30 % of it (a power bank is not $540)
slot product_price = { "Wireless Earbuds": 60, "Mechanical Keyboard": 90, "Ergonomic Chair": 250, "Insulated Tumbler": 25,
                       "Air Purifier": 180, "Electric Toothbrush": 60, "Fitness Tracker": 70, "Robot Vacuum": 300,
                       "Power Bank": 35, "Desk Lamp": 35, "Backpack": 55, "Espresso Machine": 400, "Rice Cooker": 80,
                       "Humidifier": 45, "Water Bottle": 20, "Monitor Arm": 60 }
slot department   = "Sales" | "Marketing" | "Engineering" | "Human Resources" | "Finance" | "Customer Support" | "Operations"
                  | "Legal"
slot order_city   = "New York" | "Los Angeles" | "Chicago" | "Houston" | "Phoenix" | "Philadelphia" | "San Diego" | "Dallas"
                  | "Austin" | "Seattle" | "Denver" | "Boston" | "Atlanta" | "Miami" | "Portland" | "Minneapolis"
# the city a WHERE condition names ("": the condition names no city)
slot where_city   = { "city = 'Chicago'": "Chicago", "city = 'Boston'": "Boston", "*": "" }
slot pay_method   = { "payment_method = 'credit_card'": "credit_card",
                      "*": "credit_card" | "debit_card" | "paypal" | "apple_pay" | "bank_transfer" }
slot store_name   = "Downtown" | "Riverside" | "Airport" | "Harbor" | "Westfield Mall" | "University Ave" | "Old Town"
                  | "Lakeside" | "Central Station" | "Northgate"
