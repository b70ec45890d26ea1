# English result pools of the data tools: people, products, departments, order cities (declared under the
# same names in pools_data_zh.tool).

locale en_US

slot person       = faker.name
slot product_name = "Wireless Earbuds" | "Mechanical Keyboard" | "Ergonomic Chair" | "Insulated Tumbler" | "Air Purifier"
                  | "Electric Toothbrush" | "Fitness Tracker" | "Robot Vacuum" | "Power Bank" | "Desk Lamp" | "Backpack"
                  | "Espresso Machine" | "Rice Cooker" | "Humidifier" | "Water Bottle" | "Monitor Arm"
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
