{#-
  Lean view and table materializations for DuckDB. dbt's own build a model under a temporary
  name, rename the previous relation to a backup, rename the new one in place and drop the backup:
  four catalog operations and ~10 macro calls per model, so that a reader of the same database
  never sees a missing relation. Here nobody reads the database being built (`dpid build` builds
  a new file and swaps it in; `make dev` writes its own file), so each model is one
  `create or replace`, in one transaction. A contract is checked as dbt does it (column names and
  types, before anything is written); the table keeps dbt-duckdb's `create_table_as`, which creates
  the contract's constraints.
-#}
{% materialization view, adapter='duckdb' %}
    {%- set existing_relation = load_cached_relation(this) -%}
    {%- set target_relation = this.incorporate(type='view') -%}
    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}
    {%- if config.get('contract').enforced -%}
        {{ get_assert_columns_equivalent(sql) }}
    {%- endif %}
    {% call statement('main') -%}
        {#- a table of that name (the model was a table before): `create or replace view` would fail -#}
        {%- if existing_relation is not none and not existing_relation.is_view -%}
            {{ get_drop_sql(existing_relation) }};
        {%- endif %}
        create or replace view {{ target_relation }} as (
            {{ sql }}
        );
    {%- endcall %}
    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {{ adapter.commit() }}
    {{ run_hooks(post_hooks, inside_transaction=False) }}
    {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}

{% materialization table, adapter='duckdb' %}
    {%- set existing_relation = load_cached_relation(this) -%}
    {%- set target_relation = this.incorporate(type='table') -%}
    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}
    {% call statement('main') -%}
        {#- dropped in the model's transaction: the new table replaces it at the commit -#}
        {%- if existing_relation is not none -%}
            {{ get_drop_sql(existing_relation) }};
        {%- endif %}
        {{ create_table_as(False, target_relation, sql) }}
    {%- endcall %}
    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {{ adapter.commit() }}
    {{ run_hooks(post_hooks, inside_transaction=False) }}
    {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}
