import { LocalDateResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Inherit } from '../auth/access.js';
import { ConnectionOf } from '../common/connection.js';
import { NodeInterface } from '../common/global-id.js';

@Inherit()
@ObjectType('LegalDocument', { description: 'Văn bản pháp lý: quyết định, kế hoạch, kết luận…', implements: NodeInterface })
export class LegalDocumentType extends NodeInterface {
  @Field({ description: 'Số/ký hiệu, ví dụ "1871/KH-UBND".' })
  number!: string;

  @Field(() => LocalDateResolver, { description: 'Ngày ban hành.' })
  issuedOn!: string;

  @Field({ description: 'Cơ quan ban hành.' })
  issuer!: string;

  @Field({ description: 'Trích yếu.' })
  title!: string;
}

export const LegalDocumentConnection = ConnectionOf(LegalDocumentType, 'LegalDocument');
