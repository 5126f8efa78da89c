"""Small billing files that fit together: two accounts, their meters, readings and money."""

ACCOUNTS = """
account_number,els,branch,locality,street,house,letter,building,apartment,holder_name,tariff
260100000001,26АБ000001,Пятигорский,г. Пятигорск,ул. Кирова,12,,,5,Иванов Иван Петрович,городской
260100000002,,Предгорный,ст. Ессентукская,ул. Гагарина,3,а,,,Петрова Анна Сергеевна,сельский
"""

METERS = """
account_number,serial,model,digits,zones,installed_on,next_verification_on
260100000001,34512876,Меркурий 201.5,6,T,2019-04-10,2035-04-10
260100000002,011234567,Меркурий 231,6,T1;T2,2021-06-01,2037-06-01
"""

READINGS = """
account_number,serial,zone,taken_on,value,source,status
260100000001,34512876,T,2025-01-24,12345.6,import,accepted
260100000001,34512876,T,2025-02-22,12502,import,accepted
260100000002,011234567,T1,2025-02-20,4501.25,import,accepted
260100000002,011234567,T2,2025-02-20,1700,import,pending
"""

CHARGES = """
account_number,period,service,consumption_kwh,tariff_rub,amount_rub
260100000001,2025-02,Электроэнергия,156.4,6.07,949.35
260100000002,2025-02,Электроэнергия (день),120,5.89,706.80
260100000002,2025-02,Перерасчёт,,,-35.10
"""

PAYMENTS = """
account_number,paid_on,amount_rub,purpose,source,status
260100000001,2025-03-05,949.35,Электроэнергия,bank,confirmed
260100000002,2025-03-07,300.00,Электроэнергия,post,confirmed
260100000002,2025-03-07,300.00,Электроэнергия,post,confirmed
"""

ALL = {
    "accounts": ACCOUNTS,
    "meters": METERS,
    "readings": READINGS,
    "charges": CHARGES,
    "payments": PAYMENTS,
}
