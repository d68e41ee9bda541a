-- members only
select name, age * 2 as double_age, member
from t1
where member = 1 and age is not null
order by name desc;
